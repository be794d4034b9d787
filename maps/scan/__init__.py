"""Reading a printed sheet back from a phone photo: the sheet's markers and QR code, the pen marks on it.

No widgets: the command line and the desktop both call these functions.
"""
