"""Everything Wangge prints, in one package: the page kit and the documents drawn with it."""
