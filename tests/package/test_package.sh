#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the build tree into a fresh prefix and builds the consumer project
# against it three ways: CMake package with the static components, CMake
# package with the shared library, and pkg-config (shared, then --static).
# Each program must run and report the same line. Then the core alone, with
# a port of the application's own: find_package(wickrlite COMPONENTS core)
# (core_consumer/check.sh) and pkg-config wickrlite-core, neither touching
# mbedTLS, and neither letting a port function the application left out go
# unnoticed. Last, such a port with the whole-stack library instead: one
# that defines some of the POSIX port's clock and random functions is
# refused, never run on a mix of both ports.
#   test_package.sh BUILD_DIR WORK_DIR C_COMPILER
set -euo pipefail
build=$1 work=$2 cc=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >"$work/install.log"
libdir=$(dirname "$(find "$prefix" -name wickrlite.pc -path '*/pkgconfig/*')")
libdir=${libdir%/pkgconfig}
for f in include/wickrlite/wk/wk.h include/wickrlite/wk_port.h include/wickrlite/wk_config.h \
         include/wickrlite/wk_tls.h include/wickrlite/wk_tcp_connector.h include/wickrlite/wk_selftest.h \
         include/wickrlite/wk_port_posix.h include/wickrlite/wk_tls_mbedtls.h bin/wickr-list-users \
         share/man/man1/wickr-list-users.1 share/bash-completion/completions/wickr-list-users; do
  [ -f "$prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
for f in libwk_core.a libwk_port_posix.a libwk_port_mbedtls.a libwk_tcp_connector.a libwk_selftest.a \
         libwickrlite.a libwickrlite.so cmake/wickrlite/wickrlite-config.cmake pkgconfig/wickrlite-core.pc; do
  [ -e "$libdir/$f" ] || { echo "FAIL: $libdir/$f not installed"; exit 1; }
done
# No header may reach for one of ours that was not installed.
if grep -rhoE '#include "[^"]+"' "$prefix/include/wickrlite" | sort -u |
   sed -E 's/#include "(.*)"/\1/' | grep '^wk' | while read -r h; do
     [ -f "$prefix/include/wickrlite/$h" ] || { echo "FAIL: installed headers include missing $h"; exit 1; }
   done; then :; else exit 1; fi

# A port is written against the installed headers alone: port/template
# compiles with them and nothing of the source tree (no core/src).
"$cc" -std=c11 -Wall -Wextra -Wconversion -Wpedantic -Werror -DWK_HAVE_CONFIG_H \
  -I"$prefix/include/wickrlite" -I"$here/../../port/template" \
  -c "$here/../../port/template/wk_port_template.c" -o "$work/template.o"
echo "ok   port/template builds against the installed headers"

# The line every build must print. The host follows from the endpoint rules
# (admin.wickr.{region}.amazonaws.com); the listing fails with WK_ERR_DNS because
# the connector refuses the reserved name wickr.invalid.
version=$(PKG_CONFIG_PATH=$libdir/pkgconfig pkg-config --modversion wickrlite)
expected="wickrlite $version host=admin.wickr.eu-west-2.amazonaws.com tls=WK_OK list=WK_ERR_DNS"

check() { # check NAME PROGRAM
  local got
  got=$(LD_LIBRARY_PATH=$libdir "$2")
  if [ "$got" != "$expected" ]; then
    echo "FAIL $1: got '$got', expected '$expected'"; exit 1
  fi
  echo "ok   $1: $got"
}
needed() { readelf -d "$1" | grep -c 'NEEDED.*libwickrlite\.so' || true; }

for mode in OFF ON; do
  cmake -S "$here/consumer" -B "$work/cmake-$mode" -DCMAKE_C_COMPILER="$cc" \
        -DCMAKE_PREFIX_PATH="$prefix" -DWK_USE_SHARED=$mode >"$work/cmake-$mode.log"
  cmake --build "$work/cmake-$mode" >>"$work/cmake-$mode.log"
  check "find_package (shared=$mode)" "$work/cmake-$mode/consumer"
  want=0
  [ "$mode" = ON ] && want=1
  n=$(needed "$work/cmake-$mode/consumer")
  [ "$n" = "$want" ] || { echo "FAIL: shared=$mode but libwickrlite.so needed $n times"; exit 1; }
done

export PKG_CONFIG_PATH=$libdir/pkgconfig
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror -DWK_EXPECTED_VERSION="\"$version\"" \
  $(pkg-config --cflags wickrlite) "$here/consumer/consumer.c" -o "$work/pc-shared" \
  $(pkg-config --libs wickrlite)
check "pkg-config" "$work/pc-shared"
[ "$(needed "$work/pc-shared")" = 1 ] || { echo "FAIL: pkg-config build does not use libwickrlite.so"; exit 1; }
# Static: Libs.private must name everything libwickrlite.a needs.
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror -DWK_EXPECTED_VERSION="\"$version\"" \
  $(pkg-config --cflags wickrlite) "$here/consumer/consumer.c" -o "$work/pc-static" \
  -Wl,--push-state,-Bstatic $(pkg-config --static --libs wickrlite) -Wl,--pop-state
check "pkg-config --static" "$work/pc-static"
[ "$(needed "$work/pc-static")" = 0 ] || { echo "FAIL: static build still needs libwickrlite.so"; exit 1; }

# An application built with other settings than the library (here without the
# installed wk_config.h and with a smaller receive buffer, so its wk_client_t
# is smaller) must get WK_ERR_BUILD_MISMATCH naming both sizes and both
# fingerprints, not a library writing past its object. Built with the
# library's settings, the same program is accepted.
mismatch_run() { # mismatch_run NAME CFLAGS...
  local name=$1; shift
  # shellcheck disable=SC2046
  "$cc" -std=c11 -Wall -Wextra -Werror "$@" "$here/consumer/mismatch.c" -o "$work/$name" \
    $(pkg-config --libs wickrlite)
  LD_LIBRARY_PATH=$libdir "$work/$name"
}
# shellcheck disable=SC2046
got=$(mismatch_run settings-same $(pkg-config --cflags wickrlite))
case $got in
  *" init=WK_OK diag=") echo "ok   same settings: $got" ;;
  *) echo "FAIL same settings: $got"; exit 1 ;;
esac
got=$(mismatch_run settings-other -I"$prefix/include/wickrlite" -DCONFIG_WK_IO_BUF_SIZE=64)
app_size=${got#size=}; app_size=${app_size%% *}
app_fp=${got#* fingerprint=}; app_fp=${app_fp%% *}
case $got in
  *" init=WK_ERR_BUILD_MISMATCH diag=not the library's wk_config.h: wk_client_t $app_size vs "*" bytes, fingerprint $app_fp vs "*)
    echo "ok   other settings: $got" ;;
  *) echo "FAIL other settings: $got"; exit 1 ;;
esac

# The core alone: the CMake component, then pkg-config.
"$here/core_consumer/check.sh" "find_package(COMPONENTS core)" "$work/core-cmake" "$cc" \
  -DWK_VIA=package -DCMAKE_PREFIX_PATH="$prefix"
core_libs=$(pkg-config --libs --static wickrlite-core)
case $core_libs in
  *mbed*|*lwickrlite*) echo "FAIL: pkg-config wickrlite-core gives '$core_libs'"; exit 1 ;;
esac
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror $(pkg-config --cflags wickrlite-core) \
  "$here/consumer/mismatch.c" "$here/core_consumer/own_port.c" -o "$work/pc-core" $core_libs
got=$("$work/pc-core")
[[ $got =~ \ init=WK_OK\ diag=$ ]] || { echo "FAIL pkg-config core: $got"; exit 1; }
if readelf -d "$work/pc-core" | grep -E 'NEEDED.*(mbed|wickrlite)'; then
  echo "FAIL: the core-only program needs a shared library of wickr-lite or mbedTLS"; exit 1
fi
# shellcheck disable=SC2046
if "$cc" -std=c11 -DOWN_PORT_FORGETS_NOW_MS $(pkg-config --cflags wickrlite-core) \
     "$here/consumer/mismatch.c" "$here/core_consumer/own_port.c" -o "$work/pc-core-forgetful" \
     $core_libs >"$work/pc-core-forgetful.log" 2>&1; then
  echo "FAIL: pkg-config wickrlite-core links a port without wk_port_now_ms()"; exit 1
fi
grep -qE "undefined (reference to|symbol:) .?wk_port_now_ms" "$work/pc-core-forgetful.log" ||
  { cat "$work/pc-core-forgetful.log"; echo "FAIL: the failed link does not name wk_port_now_ms"; exit 1; }
echo "ok   pkg-config wickrlite-core: $got; no mbedTLS; a port function left out fails the link, named"
# A port of one's own linked with libwickrlite: own_port.c without
# wk_port_now_ms() defines the other three functions of wk_port_posix_sys.c.
# The archive refuses it at link time (that object comes in for the clock
# and collides with the program's other three), the shared library aborts
# at load naming both sides. The whole port, or none, runs; so does a
# program without PIE that only takes the clock's address (its PLT entry is
# then that address, which is no definition of its own).
whole_build() { # whole_build NAME static|shared CFLAGS_AND_SOURCES...: log in NAME.log
  local name=$1 libs
  libs=$(pkg-config --libs wickrlite)
  if [ "$2" = static ]; then
    libs="-Wl,--push-state,-Bstatic $(pkg-config --static --libs wickrlite) -Wl,--pop-state"
  fi
  shift 2
  # shellcheck disable=SC2046,SC2086
  "$cc" -std=c11 -Wall -Wextra -Werror $(pkg-config --cflags wickrlite) "$@" -o "$work/$name" \
    $libs >"$work/$name.log" 2>&1
}
whole_run() { # whole_run NAME: its exit status in $status, its output in NAME.out and NAME.err
  status=0
  LD_LIBRARY_PATH=$libdir "$work/$1" >"$work/$1.out" 2>"$work/$1.err" || status=$?
}
whole_runs() { # whole_runs NAME STDOUT_REGEX static|shared CFLAGS_AND_SOURCES...
  local name=$1 regex=$2
  shift 2
  whole_build "$name" "$@" || { cat "$work/$name.log"; echo "FAIL $name: does not link"; exit 1; }
  whole_run "$name"
  if [ "$status" != 0 ] || [ -s "$work/$name.err" ] || ! [[ $(cat "$work/$name.out") =~ $regex ]]; then
    cat "$work/$name.out" "$work/$name.err"; echo "FAIL $name: exit status $status"; exit 1
  fi
}
own=("$here/consumer/mismatch.c" "$here/core_consumer/own_port.c")
whole_runs whole-static-own ' init=WK_OK diag=$' static "${own[@]}"
whole_runs whole-shared-own ' init=WK_OK diag=$' shared "${own[@]}"
whole_runs whole-shared-none ' init=WK_OK diag=$' shared "$here/consumer/mismatch.c"
whole_runs whole-shared-address '^clock address taken: yes$' shared -fno-pic -no-pie \
  "$here/consumer/clock_address.c"
echo "ok   libwickrlite with a whole port of one's own (static, shared), none, a clock's address taken"
if whole_build whole-static-mixed static -DOWN_PORT_FORGETS_NOW_MS "${own[@]}"; then
  echo "FAIL: libwickrlite.a links a port of one's own without wk_port_now_ms()"; exit 1
fi
grep -qE "multiple definition of .?wk_port_utc_now" "$work/whole-static-mixed.log" ||
  { cat "$work/whole-static-mixed.log"; echo "FAIL: the failed link does not name wk_port_utc_now"; exit 1; }
whole_build whole-shared-mixed shared -DOWN_PORT_FORGETS_NOW_MS "${own[@]}" ||
  { cat "$work/whole-shared-mixed.log"; echo "FAIL whole-shared-mixed: does not link"; exit 1; }
whole_run whole-shared-mixed
mixed="libwickrlite: a port of your own mixed with the POSIX port: wk_port_utc_now, wk_port_random,"
mixed+=" wk_port_wait from $work/whole-shared-mixed, but wk_port_now_ms from $libdir/libwickrlite.so.0;"
mixed+=" link your port with wickrlite-core (CMake: wickrlite::core), not libwickrlite"
if [ "$status" != 134 ] || [ -s "$work/whole-shared-mixed.out" ] ||
   [ "$(cat "$work/whole-shared-mixed.err")" != "$mixed" ]; then
  cat "$work/whole-shared-mixed.out" "$work/whole-shared-mixed.err"
  echo "FAIL: libwickrlite.so ran a port of one's own without wk_port_now_ms() (exit status $status)"
  exit 1
fi
echo "ok   libwickrlite with a port of one's own without wk_port_now_ms(): multiple definitions" \
  "(static), refused at load (shared): $mixed"
echo "package: the template, 6 consumer builds, 2 settings checks, 4 incomplete ports refused" \
  "and 4 programs of one's own on libwickrlite accepted"
