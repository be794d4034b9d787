"""Disputes (矛盾纠纷): what the register asks when one is logged, and the "346" workflow that follows it."""
