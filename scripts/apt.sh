# Shared by setup.sh and test-deps.sh (sourced, not run): install the Debian packages that are
# missing, as root or through sudo, without prompts.

# missing_packages NAME...: print the names (one a line) that dpkg does not have installed.
missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

# apt_install NAME...: install the given packages (none given: nothing to do).
apt_install() {
  (($#)) || return 0
  local sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
