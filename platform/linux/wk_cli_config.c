/* SPDX-License-Identifier: Apache-2.0 */
/* Environment and shared AWS file lookup for wickr-list-users; see wk_cli.h. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wk_cli.h"
#include "wk_port.h"

void wk_cli_config_wipe(wk_cli_config_t *cfg)
{
    wk_port_zeroize(cfg, sizeof(*cfg));
}

static void set_err(char *err, size_t cap, const char *fmt, ...)
{
    va_list ap;
    if (err == NULL || cap == 0u) {
        return;
    }
    va_start(ap, fmt);
    (void)vsnprintf(err, cap, fmt, ap);
    va_end(ap);
}

/* Copy a NUL-terminated string; false (and nothing usable) when it does not fit. */
static bool copy_str(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        dst[0] = '\0';
        return false;
    }
    memcpy(dst, src, n + 1u);
    return true;
}

static const char *env_nonempty(const char *name)
{
    const char *v = getenv(name);
    return (v != NULL && v[0] != '\0') ? v : NULL;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Trim in place; returns the start, writes the new length. */
static char *trim(char *s, size_t *len)
{
    size_t n = *len;
    while (n > 0u && is_space(*s)) {
        s++;
        n--;
    }
    while (n > 0u && is_space(s[n - 1u])) {
        n--;
    }
    *len = n;
    return s;
}

/* The @p n bytes at @p a and @p b are equal without regard to ASCII case
 * (@p b may end earlier, at a NUL: then they differ). */
static bool ascii_ieq_n(const char *a, const char *b, size_t n)
{
    size_t i;
    for (i = 0u; i < n; i++) {
        char x = a[i];
        char y = b[i];
        if (y == '\0') {
            return false;
        }
        if (x >= 'A' && x <= 'Z') {
            x = (char)(x - 'A' + 'a');
        }
        if (y >= 'A' && y <= 'Z') {
            y = (char)(y - 'A' + 'a');
        }
        if (x != y) {
            return false;
        }
    }
    return true;
}

static bool ascii_ieq(const char *a, size_t alen, const char *b)
{
    return ascii_ieq_n(a, b, alen) && b[alen] == '\0';
}

/* "[profile   x]" names the same section as "[profile x]", and so for
 * "[services x]": botocore splits these headers into two words. */
static bool section_matches(const char *name, size_t len, const char *want)
{
    size_t plen;
    size_t i;
    if (want == NULL) {
        return false;
    }
    plen = strcspn(want, " ");
    if (want[plen] == ' ' && len > plen && memcmp(name, want, plen) == 0 && is_space(name[plen])) {
        i = plen;
        while (i < len && is_space(name[i])) {
            i++;
        }
        /* botocore reads the name with shlex: [profile "dev"] is profile dev */
        if (len - i >= 2u && name[i] == '"' && name[len - 1u] == '"') {
            i++;
            len--;
        }
        return len - i == strlen(want + plen + 1u) && memcmp(name + i, want + plen + 1u, len - i) == 0;
    }
    return len == strlen(want) && memcmp(name, want, len) == 0;
}

/* Parser state for one file. */
typedef struct ini_state {
    const char *path;
    const char *section;
    const char *alt_section;
    wk_cli_ini_want_t *wants;
    size_t want_count;
    unsigned long line_no;
    size_t size;         /* bytes read so far */
    bool in_section;     /* inside a wanted section */
    bool seen_section;   /* any header so far */
    bool found_section;  /* the wanted section exists */
    bool nested;         /* last key had an empty value: indented lines belong to it */
    char parent[64];     /* that key, for the nested wants ("wickr.endpoint_url") */
    size_t parent_len;   /* 0: none, or too long to be wanted */
    char *err;
    size_t err_cap;
} ini_state_t;

static bool ini_section_line(ini_state_t *st, char *s, size_t n)
{
    size_t name_len;
    char *name;
    /* like configparser, the header ends at the last ']'; anything after it is ignored */
    while (n > 1u && s[n - 1u] != ']') {
        n--;
    }
    if (n < 3u) {
        set_err(st->err, st->err_cap, "%s:%lu: malformed section header", st->path, st->line_no);
        return false;
    }
    name_len = n - 2u;
    name = trim(s + 1, &name_len);
    st->seen_section = true;
    st->nested = false;
    st->in_section = section_matches(name, name_len, st->section) ||
                     section_matches(name, name_len, st->alt_section);
    if (st->in_section && st->found_section) {
        /* [default] and [profile default] (or a repeat) name one profile: as in
         * botocore, the later section's keys replace the earlier ones. */
        size_t i;
        for (i = 0u; i < st->want_count; i++) {
            st->wants[i].found = false;
            if (st->wants[i].value != NULL) {
                st->wants[i].value[0] = '\0';
            }
        }
    }
    if (st->in_section) {
        st->found_section = true;
    }
    return true;
}

/* Store @p val (trimmed, @p val_len bytes) for @p w, found on the current line. */
static bool ini_store(ini_state_t *st, wk_cli_ini_want_t *w, const char *val, size_t val_len)
{
    if (w->found) {
        set_err(st->err, st->err_cap, "%s:%lu: key '%s' given twice in one section", st->path,
                st->line_no, w->key);
        return false;
    }
    w->found = true;
    if (w->value == NULL) {
        return true; /* wanted for its presence only */
    }
    if (val_len >= w->cap) {
        set_err(st->err, st->err_cap, "%s:%lu: value of '%s' is longer than %zu bytes", st->path,
                st->line_no, w->key, w->cap - 1u);
        return false;
    }
    memcpy(w->value, val, val_len);
    w->value[val_len] = '\0';
    return true;
}

/* A key of the wanted section: @p key matches a want whose name has no '.';
 * in a nested block, the want "parent.key" (the parent in any ASCII case, as
 * configparser lowers it; the key as written, as botocore keeps it). */
static bool ini_match(ini_state_t *st, const char *key, size_t key_len, const char *val,
                      size_t val_len, bool in_block)
{
    size_t i;
    for (i = 0u; i < st->want_count; i++) {
        wk_cli_ini_want_t *w = &st->wants[i];
        const char *dot = strchr(w->key, '.');
        bool match;
        if (!in_block) {
            match = dot == NULL && ascii_ieq(key, key_len, w->key);
        } else {
            match = dot != NULL && st->parent_len == (size_t)(dot - w->key) &&
                    ascii_ieq_n(st->parent, w->key, st->parent_len) &&
                    strlen(dot + 1) == key_len && memcmp(dot + 1, key, key_len) == 0;
        }
        if (match && !ini_store(st, w, val, val_len)) {
            return false;
        }
    }
    return true;
}

static bool ini_key_line(ini_state_t *st, char *s, size_t n)
{
    size_t key_len = 0u;
    size_t val_len;
    char *key;
    char *val;
    while (key_len < n && s[key_len] != '=' && s[key_len] != ':') {
        key_len++;
    }
    if (key_len == n || !st->seen_section) {
        set_err(st->err, st->err_cap, "%s:%lu: expected '[section]' or 'key = value'", st->path,
                st->line_no);
        return false;
    }
    val_len = n - key_len - 1u;
    val = trim(s + key_len + 1u, &val_len);
    key = trim(s, &key_len);
    st->nested = (val_len == 0u);
    st->parent_len = key_len < sizeof(st->parent) ? key_len : 0u;
    memcpy(st->parent, key, st->parent_len);
    return !st->in_section || ini_match(st, key, key_len, val, val_len, false);
}

/* An indented "key = value" under a key with an empty value, in the wanted
 * section (botocore's nested block: only '=' separates). */
static bool ini_nested_line(ini_state_t *st, char *s, size_t n)
{
    const char *eq = memchr(s, '=', n);
    size_t key_len = eq != NULL ? (size_t)(eq - s) : n;
    size_t val_len;
    char *val;
    char *key;
    if (eq == NULL) {
        set_err(st->err, st->err_cap, "%s:%lu: expected 'key = value' in the block under '%.*s'",
                st->path, st->line_no, (int)st->parent_len, st->parent);
        return false;
    }
    val_len = n - key_len - 1u;
    val = trim(s + key_len + 1u, &val_len);
    key = trim(s, &key_len);
    return ini_match(st, key, key_len, val, val_len, true);
}

/* The next line, without its '\n', into @p line; false at the end of the file
 * or on an error (err set). A NUL byte, a line longer than @p cap - 1 bytes
 * and a file larger than WK_CLI_INI_FILE_MAX are refused, never cut: each
 * would make the parser read something else than the file says. */
static bool ini_next_line(ini_state_t *st, FILE *f, char *line, size_t cap, size_t *len,
                          bool *failed)
{
    size_t n = 0u;
    bool any = false;
    for (;;) {
        int c = getc(f);
        if (c == EOF) {
            break;
        }
        if (!any) {
            any = true;
            st->line_no++;
        }
        if (++st->size > WK_CLI_INI_FILE_MAX) {
            set_err(st->err, st->err_cap, "%s:%lu: the file is larger than %u bytes", st->path,
                    st->line_no, WK_CLI_INI_FILE_MAX);
            *failed = true;
        } else if (c == '\n') {
            break;
        } else if (c == '\0') {
            set_err(st->err, st->err_cap, "%s:%lu: NUL byte at column %zu", st->path, st->line_no,
                    n + 1u);
            *failed = true;
        } else if (n == cap - 1u) {
            set_err(st->err, st->err_cap, "%s:%lu: line longer than %zu bytes", st->path,
                    st->line_no, cap - 1u);
            *failed = true;
        } else {
            line[n++] = (char)c;
            continue;
        }
        break;
    }
    if (!*failed && ferror(f)) {
        set_err(st->err, st->err_cap, "cannot read %s: %s", st->path, strerror(errno));
        *failed = true;
    }
    *len = n;
    return any && !*failed;
}

static bool ini_line(ini_state_t *st, char *line, size_t len)
{
    bool indented = len > 0u && (line[0] == ' ' || line[0] == '\t');
    char *s = trim(line, &len);
    if (len == 0u || s[0] == '#' || s[0] == ';') {
        return true;
    }
    if (indented && st->nested) {
        /* a nested block ("s3 =" then indented keys) */
        return !st->in_section || ini_nested_line(st, s, len);
    }
    if (s[0] == '[') {
        return ini_section_line(st, s, len);
    }
    return ini_key_line(st, s, len);
}

wk_cli_ini_result_t wk_cli_ini_read(const char *path, const char *section, const char *alt_section,
                                    wk_cli_ini_want_t *wants, size_t want_count, char *err,
                                    size_t err_cap)
{
    char line[WK_CLI_INI_LINE_MAX];
    char io_buf[4096]; /* stdio's buffer, ours so that it can be wiped */
    ini_state_t st;
    wk_cli_ini_result_t result = WK_CLI_INI_ERROR;
    bool failed = false;
    size_t len = 0u;
    FILE *f;
    size_t i;

    for (i = 0u; i < want_count; i++) {
        wants[i].found = false;
        if (wants[i].value != NULL) {
            wants[i].value[0] = '\0';
        }
    }
    f = fopen(path, "r");
    if (f == NULL) {
        if (errno == ENOENT) {
            return WK_CLI_INI_NO_FILE;
        }
        set_err(err, err_cap, "cannot read %s: %s", path, strerror(errno));
        return WK_CLI_INI_ERROR;
    }
    (void)setvbuf(f, io_buf, _IOFBF, sizeof(io_buf));
    memset(&st, 0, sizeof(st));
    st.path = path;
    st.section = section;
    st.alt_section = alt_section;
    st.wants = wants;
    st.want_count = want_count;
    st.err = err;
    st.err_cap = err_cap;
    while (ini_next_line(&st, f, line, sizeof(line), &len, &failed)) {
        failed = !ini_line(&st, line, len);
        if (failed) {
            break;
        }
    }
    (void)fclose(f);
    /* both held the file's bytes, the secrets among them */
    wk_port_zeroize(line, sizeof(line));
    wk_port_zeroize(io_buf, sizeof(io_buf));
    if (!failed) {
        result = st.found_section ? WK_CLI_INI_FOUND : WK_CLI_INI_NO_SECTION;
    } else {
        for (i = 0u; i < want_count; i++) {
            if (wants[i].value != NULL) {
                wk_port_zeroize(wants[i].value, wants[i].cap);
            }
            wants[i].found = false;
        }
    }
    return result;
}

/* The home directory "~" or "~user" (the @p name_len bytes at @p name) stands
 * for, or NULL when none is known. */
static const char *home_of(const char *name, size_t name_len)
{
    char user[256];
    const struct passwd *pw = NULL;
    const char *home = NULL;
    if (name_len == 0u) {
        home = env_nonempty("HOME");
        if (home == NULL) {
            pw = getpwuid(getuid());
        }
    } else if (name_len < sizeof(user)) {
        memcpy(user, name, name_len);
        user[name_len] = '\0';
        pw = getpwnam(user);
    } else {
        /* no such user */
    }
    return pw != NULL ? pw->pw_dir : home;
}

/* $VAR, else ~/.aws/NAME, with a leading "~" or "~user" expanded as botocore
 * does (os.path.expanduser): to $HOME (or, when HOME is unset or empty, the
 * user's home in the password database) or that user's home, without its
 * trailing '/'; a user not known is left as written. */
static bool shared_file_path(const char *var, const char *name, char *out, size_t cap, char *err,
                             size_t err_cap)
{
    char fallback[32];
    const char *path = env_nonempty(var);
    const char *rest;
    const char *home = NULL;
    size_t home_len = 0u;
    int n;
    if (path == NULL) {
        (void)snprintf(fallback, sizeof(fallback), "~/.aws/%s", name);
        path = fallback;
    }
    rest = path;
    if (path[0] == '~') {
        rest = path + 1u + strcspn(path + 1u, "/");
        home = home_of(path + 1u, (size_t)(rest - path - 1));
    }
    if (home == NULL) {
        rest = path;
    } else {
        home_len = strlen(home);
        while (home_len > 0u && home[home_len - 1u] == '/') {
            home_len--;
        }
    }
    n = snprintf(out, cap, "%.*s%s", (int)home_len, home != NULL ? home : "",
                 home_len == 0u && rest[0] == '\0' ? "/" : rest);
    if (n < 0 || (size_t)n >= cap) {
        if (path == fallback) {
            set_err(err, err_cap, "the home directory is too long to form ~/.aws/%s", name);
        } else {
            set_err(err, err_cap, "%s is longer than %zu bytes (~ expanded)", var, cap - 1u);
        }
        return false;
    }
    return true;
}

static bool copy_setting(char *dst, size_t cap, const char *value, const char *source, char *err,
                         size_t err_cap)
{
    if (!copy_str(dst, cap, value)) {
        set_err(err, err_cap, "%s is longer than %zu bytes", source, cap - 1u);
        return false;
    }
    return true;
}

static int credentials_from_env(wk_cli_config_t *cfg, char *err, size_t err_cap)
{
    const char *id = env_nonempty("AWS_ACCESS_KEY_ID");
    const char *secret = env_nonempty("AWS_SECRET_ACCESS_KEY");
    const char *token = env_nonempty("AWS_SESSION_TOKEN");
    if (id == NULL && secret == NULL) {
        return 1; /* not configured here; try the profile */
    }
    if (id == NULL || secret == NULL) {
        set_err(err, err_cap, "partial credentials in the environment: %s is not set",
                id == NULL ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY");
        return -1;
    }
    if (!copy_setting(cfg->access_key_id, sizeof(cfg->access_key_id), id, "AWS_ACCESS_KEY_ID", err,
                      err_cap) ||
        !copy_setting(cfg->secret_access_key, sizeof(cfg->secret_access_key), secret,
                      "AWS_SECRET_ACCESS_KEY", err, err_cap) ||
        (token != NULL && !copy_setting(cfg->session_token, sizeof(cfg->session_token), token,
                                        "AWS_SESSION_TOKEN", err, err_cap))) {
        return -1;
    }
    return 0;
}

static int credentials_from_file(wk_cli_config_t *cfg, char *err, size_t err_cap)
{
    char path[WK_CLI_PATH_MAX];
    wk_cli_ini_want_t wants[3] = {
        {"aws_access_key_id", cfg->access_key_id, sizeof(cfg->access_key_id), false},
        {"aws_secret_access_key", cfg->secret_access_key, sizeof(cfg->secret_access_key), false},
        {"aws_session_token", cfg->session_token, sizeof(cfg->session_token), false},
    };
    wk_cli_ini_result_t r;
    if (!shared_file_path("AWS_SHARED_CREDENTIALS_FILE", "credentials", path, sizeof(path), err,
                          err_cap)) {
        return -1;
    }
    r = wk_cli_ini_read(path, cfg->profile, NULL, wants, 3u, err, err_cap);
    if (r == WK_CLI_INI_ERROR) {
        return -1;
    }
    if (r == WK_CLI_INI_NO_FILE) {
        set_err(err, err_cap, "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                              "or create %s", path);
        return -1;
    }
    if (r == WK_CLI_INI_NO_SECTION) {
        set_err(err, err_cap, "no credentials: profile '%s' not found in %s", cfg->profile, path);
        return -1;
    }
    if (!wants[0].found || !wants[1].found || cfg->access_key_id[0] == '\0' ||
        cfg->secret_access_key[0] == '\0') {
        set_err(err, err_cap, "profile '%s' in %s has no %s", cfg->profile, path,
                (!wants[0].found || cfg->access_key_id[0] == '\0') ? "aws_access_key_id"
                                                                   : "aws_secret_access_key");
        return -1;
    }
    return 0;
}

/* "true" / "false" in any case, as botocore's ensure_boolean reads them. */
static bool parse_bool(const char *value, bool *out)
{
    if (ascii_ieq(value, strlen(value), "true")) {
        *out = true;
        return true;
    }
    if (ascii_ieq(value, strlen(value), "false")) {
        *out = false;
        return true;
    }
    return false;
}

/* Keys read from the config file's profile. */
typedef struct profile_settings {
    char region[WK_CLI_REGION_MAX];
    char use_fips[16];
    char use_dualstack[16];
    char ca_bundle[WK_CLI_PATH_MAX];
    char path[WK_CLI_PATH_MAX];
    bool region_found;
    bool fips_found;
    bool dualstack_found;
    bool ca_found;
} profile_settings_t;

static int read_profile_settings(const char *profile, profile_settings_t *ps, char *err,
                                 size_t err_cap)
{
    char section[WK_CLI_PROFILE_MAX + 8u];
    const char *alt = NULL;
    wk_cli_ini_want_t wants[4] = {
        {"region", ps->region, sizeof(ps->region), false},
        {"use_fips_endpoint", ps->use_fips, sizeof(ps->use_fips), false},
        {"use_dualstack_endpoint", ps->use_dualstack, sizeof(ps->use_dualstack), false},
        {"ca_bundle", ps->ca_bundle, sizeof(ps->ca_bundle), false},
    };
    wk_cli_ini_result_t r;
    memset(ps, 0, sizeof(*ps));
    if (!shared_file_path("AWS_CONFIG_FILE", "config", ps->path, sizeof(ps->path), err, err_cap)) {
        return -1;
    }
    (void)snprintf(section, sizeof(section), "profile %s", profile);
    if (strcmp(profile, "default") == 0) {
        alt = "default"; /* [default], and [profile default] as newer tools write it */
    }
    r = wk_cli_ini_read(ps->path, section, alt, wants, 4u, err, err_cap);
    if (r == WK_CLI_INI_ERROR) {
        return -1;
    }
    ps->region_found = wants[0].found && ps->region[0] != '\0';
    ps->fips_found = wants[1].found;
    ps->dualstack_found = wants[2].found;
    ps->ca_found = wants[3].found && ps->ca_bundle[0] != '\0';
    return 0;
}

/* Environment variable, else the config key, else false. */
static bool resolve_flag(bool *out, const char *env_name, bool found, const char *file_value,
                         const char *key, const char *path, char *err, size_t err_cap)
{
    const char *env = env_nonempty(env_name);
    *out = false;
    if (env != NULL) {
        if (!parse_bool(env, out)) {
            set_err(err, err_cap, "%s must be true or false", env_name);
            return false;
        }
    } else if (found && !parse_bool(file_value, out)) {
        set_err(err, err_cap, "%s: %s must be true or false", path, key);
        return false;
    }
    return true;
}

static const char *first_set(const char *a, const char *b, const char *c)
{
    if (a != NULL) {
        return a;
    }
    return b != NULL ? b : c;
}

static int resolve_settings(const wk_cli_options_t *opts, wk_cli_config_t *cfg,
                            const profile_settings_t *ps, char *err, size_t err_cap)
{
    static const char *const region_vars[] = {"AWS_REGION", "AWS_DEFAULT_REGION"};
    const char *region = opts->region;
    const char *endpoint = first_set(opts->endpoint_url, env_nonempty("AWS_ENDPOINT_URL_WICKR"),
                                     env_nonempty("AWS_ENDPOINT_URL"));
    const char *ca = first_set(opts->ca_bundle, env_nonempty("AWS_CA_BUNDLE"),
                               ps->ca_found ? ps->ca_bundle : WK_CLI_SYSTEM_CA_BUNDLE);
    size_t i;
    cfg->region_from = "--region";
    for (i = 0u; region == NULL && i < 2u; i++) {
        region = env_nonempty(region_vars[i]);
        cfg->region_from = region_vars[i];
    }
    if (region == NULL) {
        cfg->region_from = NULL;
        region = ps->region_found ? ps->region : NULL;
    }
    (void)copy_str(cfg->config_file, sizeof(cfg->config_file), ps->path); /* same size */
    if ((region != NULL &&
         !copy_setting(cfg->region, sizeof(cfg->region), region, "the region", err, err_cap)) ||
        (endpoint != NULL && !copy_setting(cfg->endpoint_url, sizeof(cfg->endpoint_url), endpoint,
                                           "the endpoint URL", err, err_cap)) ||
        !copy_setting(cfg->ca_bundle, sizeof(cfg->ca_bundle), ca, "the CA bundle path", err,
                      err_cap)) {
        return WK_CLI_EXIT_USAGE;
    }
    /* A CA bundle that cannot be read is a configuration mistake (exit 2, nothing
     * sent), not a network failure to retry; plain http:// needs none. */
    if (endpoint == NULL || strncmp(endpoint, "http://", 7u) != 0) {
        FILE *f = fopen(cfg->ca_bundle, "rb");
        if (f == NULL) {
            set_err(err, err_cap, "cannot read the CA bundle %s: %s", cfg->ca_bundle,
                    strerror(errno));
            return WK_CLI_EXIT_USAGE;
        }
        (void)fclose(f);
    }
    if (!resolve_flag(&cfg->use_fips, "AWS_USE_FIPS_ENDPOINT", ps->fips_found, ps->use_fips,
                      "use_fips_endpoint", ps->path, err, err_cap) ||
        !resolve_flag(&cfg->use_dualstack, "AWS_USE_DUALSTACK_ENDPOINT", ps->dualstack_found,
                      ps->use_dualstack, "use_dualstack_endpoint", ps->path, err, err_cap)) {
        return WK_CLI_EXIT_USAGE;
    }
    return WK_CLI_EXIT_OK;
}

int wk_cli_config_resolve(const wk_cli_options_t *opts, wk_cli_config_t *cfg, char *err,
                          size_t err_cap)
{
    static profile_settings_t ps; /* two path buffers: keep them off the stack */
    const char *profile = env_nonempty("AWS_PROFILE");
    int rc = WK_CLI_EXIT_USAGE;
    int cred;

    memset(cfg, 0, sizeof(*cfg));
    if (!copy_setting(cfg->profile, sizeof(cfg->profile), profile != NULL ? profile : "default",
                      "AWS_PROFILE", err, err_cap)) {
        return rc;
    }
    cred = credentials_from_env(cfg, err, err_cap);
    if (cred > 0) {
        cred = credentials_from_file(cfg, err, err_cap);
    }
    if (cred == 0 && read_profile_settings(cfg->profile, &ps, err, err_cap) == 0) {
        rc = resolve_settings(opts, cfg, &ps, err, err_cap);
    }
    wk_port_zeroize(&ps, sizeof(ps));
    if (rc != WK_CLI_EXIT_OK) {
        wk_cli_config_wipe(cfg);
    }
    return rc;
}
