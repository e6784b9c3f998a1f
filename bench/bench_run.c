/* SPDX-License-Identifier: Apache-2.0 */
/* Runs one command and reports what it cost:
 *
 *   bench_run RESULT_FILE COMMAND [ARG...]
 *
 * writes "user_us sys_us wall_us maxrss_kib" (user and kernel CPU time, wall
 * time, peak RSS, from wait4()) to RESULT_FILE and exits with the command's
 * status. It exists because Linux keeps a process's peak RSS across execve():
 * a client started straight from the Python harness would report the
 * harness's own peak. Forked from this small program instead, the figure is
 * the client's. */
#define _DEFAULT_SOURCE

#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long usec(struct timeval tv)
{
    return (long long)tv.tv_sec * 1000000LL + (long long)tv.tv_usec;
}

int main(int argc, char **argv)
{
    struct timespec t0;
    struct timespec t1;
    struct rusage ru;
    int status = 0;
    pid_t pid;
    FILE *out;
    if (argc < 3) {
        fprintf(stderr, "usage: bench_run RESULT_FILE COMMAND [ARG...]\n");
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid = fork();
    if (pid == 0) {
        execvp(argv[2], &argv[2]);
        perror(argv[2]);
        _exit(127);
    }
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid) {
        perror("bench_run");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out = fopen(argv[1], "w");
    if (out == NULL) {
        perror(argv[1]);
        return 1;
    }
    fprintf(out, "%lld %lld %lld %ld\n", usec(ru.ru_utime), usec(ru.ru_stime),
            (long long)(t1.tv_sec - t0.tv_sec) * 1000000LL + (t1.tv_nsec - t0.tv_nsec) / 1000,
            ru.ru_maxrss);
    if (fclose(out) != 0) {
        return 1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
