"""The projector's wall: its read-only sockets, what it may see, and its secret."""
