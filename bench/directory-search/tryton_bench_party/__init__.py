# A minimal Tryton module for the directory-search benchmark: party.party gets the two text
# fields a cluster directory has (description, capabilities), so Tryton can search them with
# its own `ilike` domains. Loaded through a `trytond.modules` entry point that tryton_peer.py
# writes into the benchmark's work dir (nothing is installed into the system's trytond).
from trytond.pool import Pool

from . import party


def register():
    Pool.register(party.Party, module='bench_party', type_='model')
