"""Asking for passwords: getpass on a terminal, one line of stdin otherwise (scripts and
tests pipe them in). Never from the command line, where other users could see it."""

from __future__ import annotations

import getpass
import sys

from ..services.errors import UserError


def ask_password(prompt: str) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline() if sys.stdin is not None else ""
    if not line:
        raise UserError("没有读到密码（标准输入已结束）。")
    return line.rstrip("\r\n")


def ask_new_password(prompt: str = "新密码：") -> str:
    first = ask_password(prompt)
    second = ask_password("再输入一次：")
    if first != second:
        raise UserError("两次输入的密码不一致。")
    return first
