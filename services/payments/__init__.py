"""Payments of cash benefits: payment lists and the bank files built from them."""
