"""The synthetic station's records: villages, grids, households, officers, a year of visits and disputes."""
