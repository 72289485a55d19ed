"""Bytes in and out: the HTTP routes, the phones' WebSocket endpoint, fan-out, group commit, limits, address and QR."""
