"""How the county assesses a station.

Monthly figures and the bulletin, weekly sheets, spot checks, key persons and the dashboard.
"""
