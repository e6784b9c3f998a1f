/* SPDX-License-Identifier: Apache-2.0 */
/* Compiled into the shared whole-stack library (libwickrlite.so) only.
 *
 * A port of one's own that forgot a function and links libwickrlite.a
 * fails: the POSIX singletons share one object, so pulling the forgotten
 * one brings the others, which collide with the program's. Linked against
 * the .so, ELF interposition lets the program's definitions replace some
 * and takes the rest from the library without a word. This constructor
 * makes that loud at load time: it reads each singleton's address through
 * the GOT (this file defines none of them, so the address is the one the
 * dynamic linker chose), asks dladdr() (glibc and musl) which module
 * defines it, and aborts, naming both sides, unless all are the library's
 * or none is. */
#define _GNU_SOURCE /* dladdr(), dladdr1() in glibc's <dlfcn.h> */

#include <dlfcn.h>
#include <link.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "wk_port.h"

/* The functions of wk_port_posix_sys.c, all defined there. The mbedTLS
 * port's hashing may be combined with a port of one's own, so it is not here. */
#define WK_POSIX_SINGLETONS(X) X(wk_port_now_ms) X(wk_port_utc_now) X(wk_port_random) \
    X(wk_port_wait)

#define WK_NAME(fn) #fn,
/* Through uintptr_t: ISO C has no conversion from a function pointer to void *. */
#define WK_ADDRESS(fn) (const void *)(uintptr_t)&(fn),

static const char *const singleton_names[] = {WK_POSIX_SINGLETONS(WK_NAME)};
enum { singleton_count = sizeof(singleton_names) / sizeof(singleton_names[0]) };

/* Whether the module dladdr() finds at @p addr defines a function there.
 * A non-PIE program that takes the address of a function it does not
 * define makes its own PLT entry that function's address everywhere, and
 * dladdr() names the program's undefined symbol there; glibc's dladdr1()
 * tells it apart (with musl, such a program is taken as defining it). */
static bool defined_at(const void *addr, Dl_info *info)
{
#if defined(__GLIBC__)
    void *extra = NULL;
    const ElfW(Sym) *sym;
    if (dladdr1(addr, info, &extra, RTLD_DL_SYMENT) == 0 || extra == NULL) {
        return false;
    }
    sym = extra;
    return sym->st_shndx != SHN_UNDEF;
#else
    return dladdr(addr, info) != 0;
#endif
}

/* Prints the functions whose module is (or is not) the library, as
 * " a, b from module, c from other". */
static void print_side(const char *const modules[], const char *library, bool of_library)
{
    const char *run = NULL; /* the module of the run being printed */
    for (size_t i = 0u; i < singleton_count; i++) {
        if ((modules[i] == library) == of_library) {
            if (run != NULL && run != modules[i]) {
                fprintf(stderr, " from %s", run);
            }
            fprintf(stderr, "%s %s", run != NULL ? "," : "", singleton_names[i]);
            run = modules[i];
        }
    }
    fprintf(stderr, " from %s", run);
}

__attribute__((constructor)) static void wk_posix_sealed_check(void)
{
    const void *const addresses[singleton_count] = {WK_POSIX_SINGLETONS(WK_ADDRESS)};
    const char *modules[singleton_count];
    size_t from_library = 0u;
    Dl_info self;
    Dl_info info;

    if (dladdr((const void *)(uintptr_t)&wk_posix_sealed_check, &self) == 0) {
        return;
    }
    for (size_t i = 0u; i < singleton_count; i++) {
        if (!defined_at(addresses[i], &info) || info.dli_fbase == self.dli_fbase) {
            modules[i] = self.dli_fname;
            from_library++;
        } else if (info.dli_fname != NULL && info.dli_fname[0] != '\0') {
            modules[i] = info.dli_fname;
        } else {
            modules[i] = "the program"; /* how glibc may name the main program: "" */
        }
    }
    if (from_library != 0u && from_library != singleton_count) {
        fputs("libwickrlite: a port of your own mixed with the POSIX port:", stderr);
        print_side(modules, self.dli_fname, false);
        fputs(", but", stderr);
        print_side(modules, self.dli_fname, true);
        fputs("; link your port with wickrlite-core (CMake: wickrlite::core), not libwickrlite\n",
              stderr);
        abort();
    }
}
