"""The phones' side of the wire: the message models and what one phone may see."""
