## partners
