"""The demo: the Lai Châu federation, its generated population and a whole round."""
