"""``docgen serve`` and ``docgen schema``: the service from the command line.

The commands are added to docgen's one Typer app by :func:`register`.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer

from docgen.cli_options import err, out


def serve(
    settings_file: Optional[Path] = typer.Option(None, "--settings", help="The service's settings (YAML)."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: every interface)."),
    port: int = typer.Option(8000, help="Port."),
    workers: Optional[int] = typer.Option(None, help="Server processes (default 1: it answers requests and hands "
                                           "renders to its render processes, one per core)."),
    limit_concurrency: int = typer.Option(64, help="Requests in progress per process before answering 503."),
    timeout_keep_alive: int = typer.Option(5, help="Seconds an idle keep-alive connection stays open."),
    hash_key: bool = typer.Option(False, "--hash-key", help="Read a key (stdin or prompt); print its settings line."),
    key_name: str = typer.Option("clerk", help="--hash-key: the key's name."),
    scopes: str = typer.Option("render", help="--hash-key: comma-separated scopes "
                                              "(render, package, batch, register, admin)."),
) -> None:
    """Start the HTTP API and the web form (uvicorn); API docs at /docs, JSON Schema at /schema."""
    from docgen.service.settings import SCOPES, Settings, key_line, load_settings

    if hash_key:
        chosen = [s.strip() for s in scopes.split(",") if s.strip()]
        unknown = [s for s in chosen if s not in SCOPES]
        if unknown:
            raise typer.BadParameter(f"unknown scope(s) {', '.join(unknown)}; known: {', '.join(SCOPES)}",
                                     param_hint="--scopes")
        key = sys.stdin.readline().strip() if not sys.stdin.isatty() else typer.prompt("key", hide_input=True)
        if len(key) < 16:
            err.print("[bold red]error[/] a key should be at least 16 characters (e.g. python -c "
                      "'import secrets; print(secrets.token_urlsafe(32))')")
            raise typer.Exit(2)
        typer.echo("api_keys:\n" + key_line(key_name, key, chosen))
        return
    import uvicorn

    from docgen.config.loader import ConfigError
    from docgen.cli_options import report

    try:
        settings = load_settings(settings_file) if settings_file else Settings()
    except ConfigError as error:
        report(error)
        raise typer.Exit(2)
    if not settings.config_root.is_dir():
        err.print(f"[bold red]error[/] config_root {settings.config_root} is not a folder")
        raise typer.Exit(2)
    processes = workers or 1
    os.environ["DOCGEN_SERVICE_SETTINGS"] = settings.model_dump_json()
    # Renders run in their own processes: share the cores between the server processes.  One server
    # process is the default: every request sees the whole pool and one answer cache (docs/service.md).
    os.environ.setdefault("DOCGEN_RENDER_WORKERS", str(max(1, (os.cpu_count() or 1) // processes)))
    if not settings.api_keys and not settings.demo:
        err.print("[yellow]note[/] no API keys in the settings and demo is off: only /health, /docs and /schema "
                  "answer (docgen serve --hash-key makes a key)")
    out.print(f"docgen serving on http://{host}:{port} ({processes} process(es)); API docs: /docs")
    uvicorn.run("docgen.service.cli:app_from_environment", factory=True, host=host, port=port, workers=processes,
                limit_concurrency=limit_concurrency, timeout_keep_alive=timeout_keep_alive, log_level="info")


def app_from_environment():
    """The app of ``docgen serve`` (each uvicorn process builds its own, warm)."""
    from docgen.service.app import create_app
    from docgen.service.settings import Settings

    settings = Settings.model_validate_json(os.environ.get("DOCGEN_SERVICE_SETTINGS", "{}"))
    app = create_app(settings)
    app.state.warm = True
    return app


def schema(
    kind: Optional[str] = typer.Argument(None, help="Only this kind (letter, memo, order, action_plan, "
                                                    "certification, targets)."),
    out_file: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to FILE instead of printing."),
) -> None:
    """Print the JSON Schema of the documents (as GET /schema), for editor completion."""
    from docgen.service.schema import MODELS, document_schema

    if kind is not None and kind not in MODELS:
        raise typer.BadParameter(f"known kinds: {', '.join(MODELS)}", param_hint="KIND")
    text = json.dumps(document_schema(kind), ensure_ascii=False, indent=2) + "\n"
    if out_file is None:
        sys.stdout.write(text)
    else:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(text, "utf-8")
        err.print(f"  written  {out_file}")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(schema)
