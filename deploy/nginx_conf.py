"""nginx's configuration for a native run (.ci/stack-check, or a host without Docker).

    python3 deploy/nginx_conf.py --upstream 127.0.0.1:8000 --listen 127.0.0.1:8080 --folder DIR
    nginx -p DIR -c DIR/nginx.conf -g 'daemon off;'

It fills in the server block of deploy/nginx-portal.conf.template, the same one
docker-compose.yml gives the official nginx image, and wraps it in a main file
of its own that keeps the pid, the error log and the request body temp files
under DIR, so it runs beside any other nginx. Standard library only.
"""

import argparse
import re
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx-portal.conf.template"

UTAMA = """worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/portal.conf;
}}
"""


def server_block(*, upstream: str, listen: str) -> str:
    """The template with its two names filled in, as the official image's envsubst
    does; nginx's own `$variables` are left alone."""
    nilai = {"PORTAL_UPSTREAM": upstream, "NGINX_PORT": listen}
    return re.sub(
        r"\$\{(PORTAL_UPSTREAM|NGINX_PORT)\}", lambda m: nilai[m[1]], TEMPLATE.read_text()
    )


def tulis(*, upstream: str, listen: str, folder: Path) -> Path:
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "portal.conf").write_text(server_block(upstream=upstream, listen=listen))
    utama = folder / "nginx.conf"
    utama.write_text(UTAMA.format(folder=folder))
    return utama


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upstream", required=True, help="gunicorn's host:port")
    parser.add_argument("--listen", required=True, help="nginx's [host:]port")
    parser.add_argument("--folder", type=Path, required=True)
    args = parser.parse_args()
    print(tulis(upstream=args.upstream, listen=args.listen, folder=args.folder))


if __name__ == "__main__":
    main()
