"""The phones' server: HTTP, WebSocket protocol, fan-out, joining by QR code, headless mode."""
