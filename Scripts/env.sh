# Sourced by the scripts: puts the Swift toolchain on PATH where the machine keeps it in /opt/swift.
if ! command -v swift >/dev/null && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
