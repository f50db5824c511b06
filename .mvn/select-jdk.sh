# Selects a JDK of version 21 or newer and exports JAVA_HOME, for sh and bash.
# Sourced by ./mvnw and ./provisioning-worker. An explicit JAVA_HOME of 21+ wins; otherwise the
# java on PATH, then the usual install folders are tried, newest first.

pw_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

pw_is_jdk21() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  pw_major=$(pw_java_major "$1/bin/java")
  [ -n "$pw_major" ] && [ "$pw_major" -ge 21 ]
}

pw_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && pw_is_jdk21 "$JAVA_HOME"; then
    return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    pw_path_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if pw_is_jdk21 "$pw_path_home"; then
      JAVA_HOME="$pw_path_home"
      export JAVA_HOME
      return 0
    fi
  fi
  for pw_candidate in $(ls -d /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null | sort -r -V); do
    if pw_is_jdk21 "$pw_candidate"; then
      JAVA_HOME="$pw_candidate"
      export JAVA_HOME
      return 0
    fi
  done
  echo "No JDK 21 or newer was found (tried JAVA_HOME, the javac on PATH and /usr/lib/jvm)." >&2
  echo "Install one (for example: apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
  return 1
}

pw_select_jdk || exit 1
