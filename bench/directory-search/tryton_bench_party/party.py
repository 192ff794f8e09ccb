from trytond.model import fields
from trytond.pool import PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'
    description = fields.Text("Description")
    capabilities = fields.Text("Capabilities")
