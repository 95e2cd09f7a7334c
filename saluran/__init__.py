"""Reporting channels: WhatsApp (Cloud API) and Telegram (Bot API) conversations that become complaints."""
