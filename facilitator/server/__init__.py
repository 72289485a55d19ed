"""The phones' and the wall's server.

`transport/` carries the bytes (HTTP routes, the WebSocket endpoint, fan-out,
limits), `phone/` says what one phone may see and the wire's models, `wall/`
is the projector's read-only page. The facilitator's UIs use `SessionServer`
only, through the interface listed in its docstring.
"""

from __future__ import annotations

from facilitator.server.transport.app import SessionServer

__all__ = ["SessionServer"]
