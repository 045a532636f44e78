#!/usr/bin/env bash
# The real local mail servers that ticketd's tests and demo run against: Dovecot (IMAP, LMTP, SASL)
# and Postfix (SMTP in, submission, SMTPS), loopback only, everything under one state directory.
#
#   Scripts/mailserver.sh start  [STATE_DIR]   install what is missing, generate once, start (no-op when running)
#   Scripts/mailserver.sh stop   [STATE_DIR]   stop everything it started; no processes are left behind
#   Scripts/mailserver.sh status [STATE_DIR]   one line per server; exit 0 only when all run
#   Scripts/mailserver.sh env    [STATE_DIR]   shell `export` lines: ports, CA file, password files, Maildirs
#
# STATE_DIR defaults to .mailserver in the repository root. Nothing in /etc/dovecot or /etc/postfix
# is read or written and no system service is started: every configuration, pid file, socket, queue,
# log and mailbox lives in STATE_DIR.
#
# Listeners (all on 127.0.0.1):
#   10993  IMAPS, implicit TLS               (Dovecot "main")
#   10143  IMAP, STARTTLS offered            (Dovecot "main")
#   10144  IMAP without any TLS, no STARTTLS (Dovecot "plain": a second instance with ssl = no;
#          Dovecot 2.3 cannot drop STARTTLS for one listener only)
#   10994  IMAPS with a certificate for wrong.example (Dovecot "wrongcert": a third instance;
#          Dovecot 2.3 chooses certificates by local IP or SNI, never by port)
#   10465  SMTPS, implicit TLS, SASL required (Postfix)
#   10587  submission, STARTTLS and SASL required (Postfix)
#   10025  plain SMTP for delivering test mail in, no relaying (Postfix)
#   10466  SMTPS with a certificate for wrong.example, SASL required (Postfix; host name checks must fail)
#   10588  SMTP without any TLS, so no STARTTLS (Postfix; a client requiring STARTTLS must refuse it)
#   LMTP and the SASL socket are unix sockets under STATE_DIR/run/main.
#
# Test hooks (Postfix, every SMTP listener): made-up recipients that draw fixed answers, so that
# tests can exercise a client's handling of refusals against the real server. No mail to them is
# ever delivered. `env` prints them as TICKETD_TEST_SMTP_*_RCPT.
#   tempfail@example.net       RCPT TO answered 450 4.2.0 (Mailbox busy, try again later)
#   rejected@example.net       RCPT TO answered 550 5.1.1 (No such user here)
#   data-tempfail@example.net  RCPT accepted; the end of DATA answered 451 4.3.0
#   data-rejected@example.net  RCPT accepted; the end of DATA answered 554 5.7.1
# Any other address in a test domain that is not a user below is refused with 550 5.1.1 (unknown).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
command="${1:-}"
state="${2:-$repo/.mailserver}"

readonly IMAPS_PORT=10993 IMAP_PORT=10143 IMAP_PLAIN_PORT=10144 IMAPS_WRONG_PORT=10994
readonly SMTPS_PORT=10465 SUBMISSION_PORT=10587 SMTP_PORT=10025
readonly SMTPS_WRONG_PORT=10466 SMTP_NO_TLS_PORT=10588
# The Postfix test hooks (see above): address, then the answer Postfix gives.
readonly RCPT_TEMPFAIL=tempfail@example.net RCPT_REJECT=rejected@example.net
readonly DATA_TEMPFAIL=data-tempfail@example.net DATA_REJECT=data-rejected@example.net
readonly RCPT_TEMPFAIL_REPLY="450 4.2.0 Mailbox busy, try again later"
readonly RCPT_REJECT_REPLY="550 5.1.1 No such user here"
readonly DATA_TEMPFAIL_REPLY="451 4.3.0 Message not accepted now, try again later"
readonly DATA_REJECT_REPLY="554 5.7.1 Message content rejected"
readonly MAIL_UID=10000 MAIL_GID=10000
readonly DOMAINS="example.com example.org example.net acme.example"
readonly USERS=(
    support@example.com          # the support mailbox ticketd polls
    tv-team@example.com          # department queues
    web-team@example.com
    datenschutz@example.com      # subject-rights requests
    service@acme.example         # the partner (manufacturer)
    erika.beispiel@example.org   # customers
    joerg.testmann@example.org
    max.mustermann@example.net
    ilse.kanarienvogel@example.org   # the made-up customer of the provable-erasure test
    otto.fremd@example.net       # a stranger who asks about someone else (requests-by-mail tests)
    transport-test@example.net   # used only by Tests/MailTransportTests
    serve-test@example.com       # used only by the daemon's integration tests (Tests/ticketdTests)
    crash-test@example.com
    fault-test@example.com
    lifecycle-test@example.com   # the service lifecycle tests (readiness, watchdog, reload)
    api-test@example.com         # the staff socket tests (issue 17)
    api-token-test@example.com   # the API token tests (issue 17)
    portal-test@example.com      # the privacy portal tests (issue 18): the support mailbox the daemon polls,
    portal-person@example.org    # the made-up person who signs in,
    portal-other@example.net     # and an address ticketd holds nothing about
    portal-browser@example.com   # the portal's browser tests (Chromium): the support mailbox,
    portal-anna@example.org      # two made-up people who must never see each other's data,
    portal-ben@example.net
    portal-nobody@example.org    # and an address ticketd holds nothing about
    portal-bench@example.com     # the portal's load benchmark: the support mailbox and four people
    portal-bench-1@example.org
    portal-bench-2@example.org
    portal-bench-3@example.org
    portal-bench-4@example.org
    bench@example.com            # the serve benchmark
)
readonly INSTANCES=(main plain wrongcert)

die() { echo "mailserver: $*" >&2; exit 1; }
note() { echo "mailserver: $*" >&2; }

# An upper-case shell-name form of an address: support@example.com -> SUPPORT_EXAMPLE_COM.
key_of() { local k="${1^^}"; echo "${k//[^A-Z0-9]/_}"; }

absolute_state() {
    mkdir -p "$state"
    state="$(cd "$state" && pwd)"
    # Dovecot and Postfix processes running as dovenull, dovecot, postfix and uid 10000 must be able to
    # reach their files below the state directory.
    local dir="$state"
    while [[ "$dir" != "/" ]]; do
        if [[ $(( 0$(stat -c '%a' "$dir") & 01 )) -eq 0 ]]; then
            die "$dir is not searchable by other users (mode $(stat -c '%a' "$dir")); the mail servers' unprivileged processes need o+x on every parent of $state"
        fi
        dir="$(dirname "$dir")"
    done
}

# Running, and not a zombie waiting to be reaped.
pid_alive() {
    [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
    [[ "$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null)" != "Z" ]]
}
read_pid() { [[ -s "$1" ]] && tr -dc '0-9' <"$1" || true; }
# A pid from a pid file, only while it still belongs to the expected program (pids get reused).
pid_of() { # PIDFILE COMM
    local pid
    pid="$(read_pid "$1")"
    [[ -n "$pid" && "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$2" ]] && echo "$pid" || true
}
dovecot_pid() { pid_of "$state/run/$1/master.pid" dovecot; }
postfix_pid() { pid_of "$state/postfix/spool/pid/master.pid" master; }
postfix_conf() { echo "$state/postfix/conf"; }

# Whether something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The process and all its descendants, from one process table snapshot (no process-name matching).
descendants() {
    ps -e -o pid= -o ppid= | awk -v root="$1" '
        { parent[$1] = $2 }
        END {
            keep[root] = 1; out = root; grew = 1
            while (grew) {
                grew = 0
                for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; out = out " " p; grew = 1 }
            }
            print out
        }'
}

wait_gone() { # PID... : wait up to 10 s, then SIGKILL the rest by pid
    local i p alive
    for ((i = 0; i < 100; i++)); do
        alive=()
        for p in "$@"; do pid_alive "$p" && alive+=("$p"); done
        ((${#alive[@]} == 0)) && return 0
        sleep 0.1
    done
    note "still running after 10 s, killing: ${alive[*]}"
    kill -KILL "${alive[@]}" 2>/dev/null || true
}

install_packages() {
    local wanted=(dovecot-imapd dovecot-lmtpd postfix openssl) missing=() package
    for package in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    ((${#missing[@]})) || return 0
    [[ $(id -u) -eq 0 ]] || die "missing Debian packages: ${missing[*]}; install them as root (apt-get install ${missing[*]})"
    note "installing ${missing[*]} (apt)"
    # Postfix's package would ask how to configure the system-wide mailer: we use none of it.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    local log="$state/log/apt.log"
    mkdir -p "$state/log"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
        >"$log" 2>&1 || fail_with_log "apt-get install ${missing[*]} failed" "$log"
    # The packages may have started the system-wide services; this script never uses them.
}

# Generated once per state directory: CA, certificates, passwords, mail directories.
initialize() {
    umask 022
    mkdir -p "$state"/{tls,passwords,log,run,lib,postfix,mail}
    chmod 755 "$state" "$state/run" "$state/lib" "$state/log"
    chmod 700 "$state/passwords" "$state/tls"

    if [[ ! -s "$state/ca.pem" || ! -s "$state/tls/server.pem" || ! -s "$state/tls/wrong.pem" ]]; then
        note "generating a test CA and certificates in $state/tls"
        (
            cd "$state/tls"
            umask 077
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
                -keyout ca.key -out ca.pem -days 3650 -subj "/O=ticketd tests/CN=ticketd test CA" \
                -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
            issue() { # NAME SUBJECT SAN
                openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
                    -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
                printf '%s\n' "subjectAltName=$3" "basicConstraints=critical,CA:FALSE" \
                    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$1.ext"
                openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 825 \
                    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
                rm -f "$1.csr" "$1.ext"
            }
            issue server "/O=ticketd tests/CN=localhost" "DNS:localhost,IP:127.0.0.1,IP:::1"
            issue wrong "/O=ticketd tests/CN=wrong.example" "DNS:wrong.example"
            chmod 644 ca.pem server.pem wrong.pem
        )
        cp "$state/tls/ca.pem" "$state/ca.pem"
        chmod 644 "$state/ca.pem"
    fi

    local user passfile
    for user in "${USERS[@]}"; do
        passfile="$state/passwords/$user"
        if [[ ! -s "$passfile" ]]; then
            (umask 077; printf 'test-%s\n' "$(openssl rand -hex 12)" >"$passfile")
        fi
        chmod 600 "$passfile"
    done

    # Dovecot's passwd-file: user:{SCHEME}hash:uid:gid::home. Hashes only; the passwords stay in passwords/.
    local passwd="$state/users.passwd" tmp="$state/users.passwd.tmp" local_part domain
    : >"$tmp"
    for user in "${USERS[@]}"; do
        local_part="${user%@*}"; domain="${user#*@}"
        printf '%s:{SHA512-CRYPT}%s:%d:%d::%s::\n' "$user" \
            "$(openssl passwd -6 -stdin <"$state/passwords/$user")" \
            "$MAIL_UID" "$MAIL_GID" "$state/mail/$domain/$local_part" >>"$tmp"
    done
    mv "$tmp" "$passwd"
    chown root:dovecot "$passwd"; chmod 640 "$passwd"

    chown "$MAIL_UID:$MAIL_GID" "$state/mail"
    chmod 750 "$state/mail"
}

write_dovecot_config() { # INSTANCE
    local name="$1" conf="$state/dovecot-$1.conf"
    mkdir -p "$state/run/$name" "$state/lib/$name"
    {
        cat <<EOF
# Generated by Scripts/mailserver.sh; rewritten on every start.
instance_name = ticketd-$name
base_dir = $state/run/$name
state_dir = $state/lib/$name
listen = 127.0.0.1
log_path = $state/log/dovecot-$name.log
info_log_path = $state/log/dovecot-$name.log
debug_log_path = $state/log/dovecot-$name.log
shutdown_clients = yes
first_valid_uid = $MAIL_UID
last_valid_uid = $MAIL_UID
first_valid_gid = $MAIL_GID
last_valid_gid = $MAIL_GID
mail_location = maildir:~/Maildir
mail_privileged_group =
recipient_delimiter = +
auth_mechanisms = plain login
auth_username_format = %Lu
passdb {
  driver = passwd-file
  args = scheme=SHA512-CRYPT $state/users.passwd
}
userdb {
  driver = passwd-file
  args = $state/users.passwd
}
namespace inbox {
  inbox = yes
  separator = /
}
protocol imap {
  mail_max_userip_connections = 50
}
# No growing per-IP login penalty (up to 15 s): every test logs in from 127.0.0.1, and a test of a
# wrong password must not slow down the others. The first failure is still answered after 2 s.
service anvil {
  chroot =
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0600
  }
  unix_listener stats-writer {
    mode = 0660
  }
}
EOF
        case "$name" in
        main)
            cat <<EOF
protocols = imap lmtp
ssl = yes
ssl_cert = <$state/tls/server.pem
ssl_key = <$state/tls/server.key
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
lmtp_save_to_detail_mailbox = no
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_PORT
    ssl = yes
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service auth {
  unix_listener auth-postfix {
    mode = 0660
    user = postfix
    group = postfix
  }
}
EOF
            ;;
        plain)
            cat <<EOF
# A server that offers no TLS at all (so no STARTTLS): ticketd must refuse it, never log in.
protocols = imap
ssl = no
disable_plaintext_auth = no
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $IMAP_PLAIN_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
            ;;
        wrongcert)
            cat <<EOF
# Implicit TLS with a certificate signed by the test CA but for wrong.example: hostname checks must fail.
protocols = imap
ssl = required
ssl_cert = <$state/tls/wrong.pem
ssl_key = <$state/tls/wrong.key
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $IMAPS_WRONG_PORT
    ssl = yes
  }
}
EOF
            ;;
        esac
    } >"$conf"
}

write_postfix_config() {
    # The queue must not lie inside the configuration directory: `postfix check` wants the latter owned by root.
    local dir="$state/postfix" conf
    conf="$(postfix_conf)"
    mkdir -p "$conf" "$dir/spool" "$dir/data"
    chown postfix:postfix "$dir/data"
    local user maps="$conf/vmailbox"
    : >"$maps"
    for user in "${USERS[@]}"; do printf '%s %s/\n' "$user" "${user#*@}/${user%@*}" >>"$maps"; done
    # The DATA hooks must get past RCPT as known recipients; their end of DATA is always refused,
    # so nothing is ever delivered to these paths.
    printf '%s %s/\n' "$DATA_TEMPFAIL" "hooks/data-tempfail" "$DATA_REJECT" "hooks/data-rejected" >>"$maps"
    # Test hooks: fixed answers for made-up recipients (see the top of this script).
    printf '%s %s\n' "$RCPT_TEMPFAIL" "$RCPT_TEMPFAIL_REPLY" "$RCPT_REJECT" "$RCPT_REJECT_REPLY" >"$conf/recipient_hooks"
    printf '%s %s\n' "$DATA_TEMPFAIL" "$DATA_TEMPFAIL_REPLY" "$DATA_REJECT" "$DATA_REJECT_REPLY" >"$conf/data_hooks"

    cat >"$conf/main.cf" <<EOF
# Generated by Scripts/mailserver.sh; rewritten on every start.
compatibility_level = 3.6
queue_directory = $dir/spool
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.ticketd.test
mydomain = ticketd.test
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
biff = no
append_dot_mydomain = no
# No log daemon here: Postfix writes its own log file.
maillog_file = $state/log/postfix.log
maillog_file_prefixes = $state/log
# Mail for the test domains goes to Dovecot over LMTP; nothing is relayed anywhere else.
virtual_mailbox_domains = $DOMAINS
virtual_mailbox_maps = texthash:$maps
virtual_transport = lmtp:unix:$state/run/main/lmtp
recipient_delimiter = +
alias_maps =
alias_database =
local_recipient_maps =
relay_domains =
relayhost =
default_transport = error:this test server delivers only to $DOMAINS
smtpd_relay_restrictions = reject_unauth_destination
# Test hooks: fixed refusals for made-up recipients, at RCPT and at the end of DATA.
smtpd_recipient_restrictions = check_recipient_access texthash:$conf/recipient_hooks
smtpd_end_of_data_restrictions = check_recipient_access texthash:$conf/data_hooks
smtpd_tls_cert_file = $state/tls/server.pem
smtpd_tls_key_file = $state/tls/server.key
smtpd_tls_security_level = may
smtpd_tls_auth_only = yes
smtpd_tls_mandatory_protocols = >=TLSv1.2
smtpd_sasl_type = dovecot
smtpd_sasl_path = $state/run/main/auth-postfix
smtpd_sasl_auth_enable = no
smtp_tls_security_level = none
lmtp_tls_security_level = none
EOF

    cat >"$conf/master.cf" <<EOF
# Generated by Scripts/mailserver.sh. Nothing runs chrooted (column 5 is n everywhere).
# service type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:$SMTP_PORT inet n - n - - smtpd
127.0.0.1:$SUBMISSION_PORT inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
127.0.0.1:$SMTPS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
127.0.0.1:$SMTPS_WRONG_PORT inet n - n - - smtpd
  -o syslog_name=postfix/smtps-wrongcert
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_cert_file=$state/tls/wrong.pem
  -o smtpd_tls_key_file=$state/tls/wrong.key
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
127.0.0.1:$SMTP_NO_TLS_PORT inet n - n - - smtpd
  -o syslog_name=postfix/notls
  -o smtpd_tls_security_level=none
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

fail_with_log() { # MESSAGE LOG
    echo "mailserver: $1" >&2
    if [[ -s "$2" ]]; then
        echo "mailserver: last lines of $2:" >&2
        tail -n 15 "$2" | sed 's/^/    /' >&2
    else
        echo "mailserver: see $2" >&2
    fi
    exit 1
}

wait_for() { # DESCRIPTION LOG TEST...
    local what="$1" log="$2" i
    shift 2
    for ((i = 0; i < 150; i++)); do
        "$@" && return 0
        sleep 0.1
    done
    fail_with_log "$what did not come up within 15 s" "$log"
}

start_dovecot() { # INSTANCE PORT
    local name="$1" port="$2" log="$state/log/dovecot-$1.log"
    if pid_alive "$(dovecot_pid "$name")"; then return 0; fi
    port_open "$port" && die "port 127.0.0.1:$port is taken by another process (another mail server, or mailserver.sh with another state directory?); stop it first"
    write_dovecot_config "$name"
    dovecot -c "$state/dovecot-$name.conf" >>"$log" 2>&1 \
        || fail_with_log "Dovecot ($name) failed to start" "$log"
    wait_for "Dovecot ($name) on 127.0.0.1:$port" "$log" port_open "$port"
}

start_postfix() {
    local log="$state/log/postfix.log"
    if pid_alive "$(postfix_pid)"; then return 0; fi
    local port
    for port in "$SMTP_PORT" "$SUBMISSION_PORT" "$SMTPS_PORT" "$SMTPS_WRONG_PORT" "$SMTP_NO_TLS_PORT"; do
        port_open "$port" && die "port 127.0.0.1:$port is taken by another process; stop it first"
    done
    write_postfix_config
    touch "$log"
    postfix -c "$(postfix_conf)" check >>"$log" 2>&1 || fail_with_log "postfix check found a problem" "$log"
    postfix -c "$(postfix_conf)" start >>"$log" 2>&1 || fail_with_log "Postfix failed to start" "$log"
    wait_for "Postfix on 127.0.0.1:$SMTP_PORT" "$log" port_open "$SMTP_PORT"
    wait_for "Postfix on 127.0.0.1:$SMTPS_PORT" "$log" port_open "$SMTPS_PORT"
    wait_for "Postfix on 127.0.0.1:$SUBMISSION_PORT" "$log" port_open "$SUBMISSION_PORT"
    wait_for "Postfix on 127.0.0.1:$SMTPS_WRONG_PORT" "$log" port_open "$SMTPS_WRONG_PORT"
    wait_for "Postfix on 127.0.0.1:$SMTP_NO_TLS_PORT" "$log" port_open "$SMTP_NO_TLS_PORT"
}

all_running() {
    local name
    for name in "${INSTANCES[@]}"; do pid_alive "$(dovecot_pid "$name")" || return 1; done
    pid_alive "$(postfix_pid)"
}

# Whether the running Postfix was started with this script's current listeners and test hooks
# (a Postfix started by an older copy of the script lacks them).
postfix_current() {
    [[ -s "$(postfix_conf)/recipient_hooks" && -s "$(postfix_conf)/data_hooks" ]] \
        && port_open "$SMTPS_WRONG_PORT" && port_open "$SMTP_NO_TLS_PORT"
}

stop_postfix() {
    local pid more=()
    pid="$(postfix_pid)"
    pid_alive "$pid" || return 0
    read -ra more <<<"$(descendants "$pid")"
    postfix -c "$(postfix_conf)" stop >>"$state/log/postfix.log" 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    wait_gone "${more[@]}"
}

do_start() {
    [[ $(id -u) -eq 0 ]] || die "start needs root (Dovecot and Postfix switch to their own users)"
    absolute_state
    if all_running && ! postfix_current; then
        note "Postfix runs without the current listeners and test hooks; restarting it"
        stop_postfix
    fi
    if all_running; then note "already running ($state)"; return 0; fi
    install_packages
    initialize
    start_dovecot main "$IMAPS_PORT"
    wait_for "Dovecot's LMTP socket" "$state/log/dovecot-main.log" test -S "$state/run/main/lmtp"
    start_dovecot plain "$IMAP_PLAIN_PORT"
    start_dovecot wrongcert "$IMAPS_WRONG_PORT"
    start_postfix
    note "running: IMAPS 127.0.0.1:$IMAPS_PORT, IMAP+STARTTLS :$IMAP_PORT, SMTPS :$SMTPS_PORT, submission :$SUBMISSION_PORT, SMTP :$SMTP_PORT, SMTPS wrong name :$SMTPS_WRONG_PORT, SMTP without TLS :$SMTP_NO_TLS_PORT (state $state)"
}

do_stop() {
    absolute_state
    # Signal everything first, then wait for all of it: Dovecot takes about 3 s to wind down.
    local pid name more all=()
    pid="$(postfix_pid)"
    if pid_alive "$pid"; then
        read -ra more <<<"$(descendants "$pid")"; all+=("${more[@]}")
        postfix -c "$(postfix_conf)" stop >>"$state/log/postfix.log" 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    fi
    for name in "${INSTANCES[@]}"; do
        pid="$(dovecot_pid "$name")"
        if pid_alive "$pid"; then
            read -ra more <<<"$(descendants "$pid")"; all+=("${more[@]}")
            kill -TERM "$pid" 2>/dev/null || true
        fi
    done
    ((${#all[@]} == 0)) || wait_gone "${all[@]}"
    note "stopped ($state)"
}

do_status() {
    absolute_state
    local name pid ok=0
    for name in "${INSTANCES[@]}"; do
        pid="$(dovecot_pid "$name")"
        if pid_alive "$pid"; then echo "dovecot-$name: running (pid $pid)"; else echo "dovecot-$name: stopped"; ok=1; fi
    done
    pid="$(postfix_pid)"
    if pid_alive "$pid"; then echo "postfix: running (pid $pid)"; else echo "postfix: stopped"; ok=1; fi
    return "$ok"
}

do_env() {
    absolute_state
    [[ -s "$state/ca.pem" ]] || die "$state is not set up yet; run: Scripts/mailserver.sh start${2:+ $state}"
    local user key
    echo "export TICKETD_TEST_MAIL_STATE='$state'"
    echo "export TICKETD_TEST_MAIL_HOST='127.0.0.1'"
    echo "export TICKETD_TEST_IMAPS_PORT=$IMAPS_PORT"
    echo "export TICKETD_TEST_IMAP_PORT=$IMAP_PORT"
    echo "export TICKETD_TEST_IMAP_PLAIN_PORT=$IMAP_PLAIN_PORT"
    echo "export TICKETD_TEST_IMAPS_WRONG_NAME_PORT=$IMAPS_WRONG_PORT"
    echo "export TICKETD_TEST_SMTPS_PORT=$SMTPS_PORT"
    echo "export TICKETD_TEST_SUBMISSION_PORT=$SUBMISSION_PORT"
    echo "export TICKETD_TEST_SMTP_PORT=$SMTP_PORT"
    echo "export TICKETD_TEST_SMTPS_WRONG_NAME_PORT=$SMTPS_WRONG_PORT"
    echo "export TICKETD_TEST_SMTP_NO_TLS_PORT=$SMTP_NO_TLS_PORT"
    # Postfix test hooks: the recipient, and the answer it draws (at RCPT, or at the end of DATA).
    echo "export TICKETD_TEST_SMTP_TEMPFAIL_RCPT='$RCPT_TEMPFAIL'"
    echo "export TICKETD_TEST_SMTP_TEMPFAIL_REPLY='$RCPT_TEMPFAIL_REPLY'"
    echo "export TICKETD_TEST_SMTP_REJECT_RCPT='$RCPT_REJECT'"
    echo "export TICKETD_TEST_SMTP_REJECT_REPLY='$RCPT_REJECT_REPLY'"
    echo "export TICKETD_TEST_SMTP_DATA_TEMPFAIL_RCPT='$DATA_TEMPFAIL'"
    echo "export TICKETD_TEST_SMTP_DATA_TEMPFAIL_REPLY='$DATA_TEMPFAIL_REPLY'"
    echo "export TICKETD_TEST_SMTP_DATA_REJECT_RCPT='$DATA_REJECT'"
    echo "export TICKETD_TEST_SMTP_DATA_REJECT_REPLY='$DATA_REJECT_REPLY'"
    echo "export TICKETD_TEST_CA_FILE='$state/ca.pem'"
    echo "export TICKETD_TEST_MAIL_UID=$MAIL_UID"
    echo "export TICKETD_TEST_MAIL_GID=$MAIL_GID"
    echo "export TICKETD_TEST_MAIL_USERS='${USERS[*]}'"
    echo "export TICKETD_TEST_DOVECOT_CONFIG='$state/dovecot-main.conf'"
    echo "export TICKETD_TEST_MAIL_LOG_DIR='$state/log'"
    for user in "${USERS[@]}"; do
        key="$(key_of "$user")"
        echo "export TICKETD_TEST_PASSWORD_FILE_$key='$state/passwords/$user'"
        echo "export TICKETD_TEST_MAILDIR_$key='$state/mail/${user#*@}/${user%@*}/Maildir'"
    done
}

case "$command" in
start) do_start ;;
stop) do_stop ;;
status) do_status ;;
env) do_env "$@" ;;
*)
    echo "usage: Scripts/mailserver.sh start|stop|status|env [STATE_DIR]" >&2
    exit 2
    ;;
esac
