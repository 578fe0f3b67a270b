#!/usr/bin/env bash
# A copy of the project's peers script (shared/peers/install-peers.sh), run by tests/peers.py
# when a peer tool the tests need is not installed.
# install-peers.sh: (re)install the third-party RDF tools that spiralld is
# tested against, on a fresh Debian 12 / Python 3.11 / Node 20 machine.
# Idempotent: each part is skipped when already in place. Quiet: details go to
# $TOOLS/install-peers.log; one line per part is printed.
#
#   bash install-peers.sh            # everything
#   bash install-peers.sh py npm     # only some parts: py apt jena npm chromium
#   PEERS_TOOLS=/other/dir bash install-peers.sh
#
# Result (default TOOLS=$HOME/.cache/spiralld-peers):
#   $TOOLS/venv      Python venv: rdflib pyshacl SPARQLWrapper click jinja2
#                    pyoxigraph oxigraph(CLI: venv/bin/oxigraph) oxrdflib pyrudof
#                    PyLD extruct rich uvicorn starlette httpx
#   $TOOLS/npm       @comunica/query-sparql@4 + query-sparql-file@4
#                    (bins: comunica-sparql, comunica-sparql-file). v5 needs Node>=22.
#   apt              raptor2-utils (rapper) rasqal-utils (roqet)
#                    libapache-jena-java (jars only) chromium
#   $TOOLS/bin       jena-riot jena-arq jena-rsparql jena-shacl chromium-headless
#                    (wrappers; Debian's Jena jars need an explicit classpath and
#                    a resource-bundle fix, see jena_part below)
set -euo pipefail

TOOLS=${PEERS_TOOLS:-$HOME/.cache/spiralld-peers}
LOG=$TOOLS/install-peers.log
mkdir -p "$TOOLS/bin"
: >"$LOG"
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1

PY_PKGS=(rdflib==7.6.0 pyshacl==0.40.1 SPARQLWrapper==2.0.0 click==8.5.1 Jinja2==3.1.6
  pyoxigraph==0.5.13 oxigraph==0.5.13 oxrdflib==0.5.0 pyrudof==0.3.35 PyLD==3.3.0
  extruct==0.18.0 rich==15.0.0 uvicorn==0.54.0 starlette==1.10.0 httpx==0.28.1)
NPM_PKGS=(@comunica/query-sparql@4.5.0 @comunica/query-sparql-file@4.5.0)
APT_BASE=(raptor2-utils rasqal-utils libapache-jena-java)

say() { printf '%s\n' "$*"; }
run() { "$@" >>"$LOG" 2>&1 || { say "FAILED: $* (see $LOG)"; tail -20 "$LOG" >&2; exit 1; }; }

APT_UPDATED=0
apt_install() { # apt_install [--no-install-recommends] pkg...
  local opts=() missing=()
  [[ ${1:-} == --no-install-recommends ]] && { opts+=("$1"); shift; }
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  if ((APT_UPDATED == 0)); then run apt-get update -qq; APT_UPDATED=1; fi
  run apt-get install -y -qq "${opts[@]}" "${missing[@]}"
}

py_part() {
  local want stamp="$TOOLS/venv/.peers-stamp"
  want=$(printf '%s\n' "${PY_PKGS[@]}" | sha1sum | cut -c1-12)
  if [[ -x $TOOLS/venv/bin/python && -f $stamp && $(cat "$stamp") == "$want" ]]; then
    say "py: up to date ($TOOLS/venv)"; return
  fi
  [[ -x $TOOLS/venv/bin/python ]] || run python3 -m venv "$TOOLS/venv"
  run "$TOOLS/venv/bin/pip" install -q "${PY_PKGS[@]}"
  run "$TOOLS/venv/bin/python" -c 'import rdflib, pyshacl, SPARQLWrapper, click, jinja2, pyoxigraph, oxrdflib, pyrudof, pyld, extruct, rich, uvicorn, starlette, httpx'
  run "$TOOLS/venv/bin/oxigraph" --version
  echo "$want" >"$stamp"
  say "py: installed ($TOOLS/venv, oxigraph CLI at $TOOLS/venv/bin/oxigraph)"
}

apt_part() {
  apt_install --no-install-recommends "${APT_BASE[@]}"
  say "apt: $(rapper --version 2>/dev/null | sed 's/^/rapper /'), $(roqet --version 2>/dev/null | sed 's/^/roqet /'), jena $(dpkg-query -W -f='${Version}' libapache-jena-java)"
}

jena_part() {
  # Debian's libapache-jena-java ships only jars (no riot/arq/shacl scripts).
  # 1) '/usr/share/java/*' as classpath breaks when other packages (maven) put
  #    several slf4j bindings there -> build the classpath from Jena's own
  #    dependency closure with exactly one binding (slf4j-simple, logs to stderr).
  # 2) Debian relocated Jena's shaded Xerces to package 'xerces.*' but left its
  #    .properties under org/apache/jena/ext/xerces -> every command dies with
  #    ExceptionInInitializerError / "internal error" in XSSimpleTypeDecl.
  #    Fix: copy those bundles to xerces/... in a directory on the classpath.
  local fix=$TOOLS/jena-fix cpfile=$TOOLS/jena.classpath pkgs
  if [[ ! -f $fix/xerces/impl/xpath/regex/message.properties ]]; then
    rm -rf "$fix" && mkdir -p "$fix/xerces"
    (cd "$fix" && run unzip -q -o /usr/share/java/jena-core.jar 'org/apache/jena/ext/xerces/*.properties' \
      && cp -r org/apache/jena/ext/xerces/. xerces/ && rm -rf org)
  fi
  pkgs=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
    --no-replaces --no-enhances libapache-jena-java | grep -E '^[a-z0-9].*-java$' | sort -u)
  { for p in $pkgs; do dpkg -L "$p" 2>/dev/null | grep -E '^/usr/share/java/[^/]+\.jar$' || true; done \
      | grep -vE -- '-[0-9][0-9.]*[^/]*\.jar$' | grep -vE 'slf4j|log4j' | sort -u
    echo /usr/share/java/slf4j-api.jar; echo /usr/share/java/slf4j-simple.jar; echo "$fix"; } \
    | paste -sd: >"$cpfile"
  local name cls
  for pair in riot:riotcmd.riot arq:arq.arq rsparql:arq.rsparql shacl:shacl.shacl; do
    name=${pair%%:*} cls=${pair#*:}
    cat >"$TOOLS/bin/jena-$name" <<EOF
#!/bin/sh
# Apache Jena 4.5.0 (Debian) $cls
exec java \${JAVA_OPTS:-} -cp "\$(cat '$cpfile')" $cls "\$@"
EOF
    chmod +x "$TOOLS/bin/jena-$name"
  done
  "$TOOLS/bin/jena-riot" --version >>"$LOG" 2>&1 || { say "FAILED: jena-riot --version (see $LOG)"; exit 1; }
  say "jena: wrappers $TOOLS/bin/jena-{riot,arq,rsparql,shacl} ($(head -1 <("$TOOLS/bin/jena-riot" --version 2>&1) | tr -s ' '))"
}

npm_part() {
  local bin=$TOOLS/npm/node_modules/.bin
  if [[ -x $bin/comunica-sparql && -x $bin/comunica-sparql-file ]] \
    && grep -q '"version": "4.5.0"' "$TOOLS/npm/node_modules/@comunica/query-sparql/package.json" 2>/dev/null; then
    say "npm: up to date ($bin/comunica-sparql{,-file})"; return
  fi
  mkdir -p "$TOOLS/npm"
  run npm --prefix "$TOOLS/npm" install --no-audit --no-fund --loglevel=error "${NPM_PKGS[@]}"
  say "npm: installed Comunica 4.5.0 ($bin/comunica-sparql{,-file})"
}

chromium_part() {
  apt_install chromium
  cat >"$TOOLS/bin/chromium-headless" <<'EOF'
#!/bin/sh
# chromium-headless ARGS... e.g. --screenshot=/tmp/p.png --window-size=1024,768 file:///x.html
#                              or --dump-dom http://127.0.0.1:8000/page   (DOM on stdout)
ud=$(mktemp -d); trap 'rm -rf "$ud"' EXIT INT TERM
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$ud" "$@" 2>/dev/null
EOF
  chmod +x "$TOOLS/bin/chromium-headless"
  say "chromium: $(chromium --version 2>/dev/null | head -1) (wrapper $TOOLS/bin/chromium-headless)"
}

parts=("$@"); ((${#parts[@]})) || parts=(py apt jena npm chromium)
for part in "${parts[@]}"; do
  case $part in
    py) py_part ;; apt) apt_part ;; jena) apt_install --no-install-recommends libapache-jena-java; jena_part ;;
    npm) npm_part ;; chromium) chromium_part ;;
    *) say "unknown part: $part (py apt jena npm chromium)"; exit 2 ;;
  esac
done
