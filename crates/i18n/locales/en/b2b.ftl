## b2b
