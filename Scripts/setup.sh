#!/usr/bin/env bash
# Installs what ticketd needs to build and test on Debian 12, through apt, when it is missing.
# Safe to run again: it installs nothing that is already there.
set -euo pipefail

packages=(
    libsqlite3-dev   # GRDB links the system SQLite
    pkg-config
    python3          # the test tools and, later, the differential tests
    libcurl4-openssl-dev  # CCurl: IMAP and SMTP through libcurl
    openssl          # Scripts/mailserver.sh: the test CA and certificates
    dovecot-imapd    # Scripts/mailserver.sh: the local IMAP server
    dovecot-lmtpd
    postfix          # Scripts/mailserver.sh: the local SMTP server
    curl             # the integration tests deliver test mail through Postfix with it
    systemd          # systemd-analyze, -sysusers, -tmpfiles: the tests check systemd/ with them
                     # (minimal Debian images, containers above all, come without it)
    valgrind         # Benchmarks/instructions.py: the instruction-count guard (callgrind) and its test
    python3-venv     # the staff API's schema test: schemathesis (PyPI) in a virtual environment of its own
    socat            # the staff API's schema test: a loopback port that speaks to the socket as a member of staff
    chromium         # the privacy portal's tests in a real browser (Tests/Browser, PortalBrowserTests): headless Chromium,
    chromium-driver  # driven through /usr/bin/chromedriver by selenium (PyPI, below)
    fonts-liberation # text in the browser tests' screenshots (Chromium only recommends a font)
)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    # Postfix's package would ask how to configure the system-wide mailer; ticketd's scripts use none of it.
    debconf_preseed="postfix postfix/main_mailer_type select No configuration"
    if [[ $(id -u) -eq 0 ]]; then
        echo "$debconf_preseed" | debconf-set-selections
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    elif command -v sudo >/dev/null; then
        echo "$debconf_preseed" | sudo debconf-set-selections
        sudo apt-get update -qq
        sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "setup: missing Debian packages: ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2
        exit 1
    fi
fi

# schemathesis checks the staff API against its OpenAPI document (Tests/ticketdTests/StaffAPISchemaTests).
venv=.build/schemathesis
if [[ ! -x $venv/bin/schemathesis ]]; then
    echo "setup: installing schemathesis into $venv (pip)" >&2
    mkdir -p .build
    /usr/bin/python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5" >"$venv.log" 2>&1 \
        || { echo "setup: pip install schemathesis failed; see $venv.log" >&2; exit 1; }
fi

# selenium drives headless Chromium in the portal's browser tests (Tests/Browser/portal_browser.py).
# It is given /usr/bin/chromedriver, so its own driver manager never downloads anything.
venv=.build/selenium
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -c "import selenium" 2>/dev/null; then
    echo "setup: installing selenium into $venv (pip)" >&2
    mkdir -p .build
    /usr/bin/python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "selenium==4.38.0" >"$venv.log" 2>&1 \
        || { echo "setup: pip install selenium failed; see $venv.log" >&2; exit 1; }
fi

if ! command -v swift >/dev/null; then
    if [[ -x /opt/swift/usr/bin/swift ]]; then
        echo "setup: add /opt/swift/usr/bin to PATH" >&2
    else
        echo "setup: no Swift toolchain found; install Swift 6.1 or newer (swift.org) and put it on PATH" >&2
    fi
    exit 1
fi
