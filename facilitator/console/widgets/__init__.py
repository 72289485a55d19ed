"""The console's own widgets: QR code, block letters, board, note feed, bars."""
