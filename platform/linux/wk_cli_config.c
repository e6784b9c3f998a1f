/* SPDX-License-Identifier: Apache-2.0 */
/* Environment and shared AWS file lookup for wickr-list-users; see wk_cli.h. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stddef.h>
#include <pwd.h>
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
        wk_cli_set_err(st->err, st->err_cap,
                       "%s:%lu: malformed section header", st->path, st->line_no);
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
        wk_cli_set_err(st->err, st->err_cap,
                       "%s:%lu: key '%s' given twice in one section", st->path,
                st->line_no, w->key);
        return false;
    }
    w->found = true;
    if (w->value == NULL) {
        return true; /* wanted for its presence only */
    }
    if (val_len >= w->cap) {
        wk_cli_set_err(st->err, st->err_cap,
                       "%s:%lu: value of '%s' is longer than %zu bytes", st->path,
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
        wk_cli_set_err(st->err, st->err_cap,
                       "%s:%lu: expected '[section]' or 'key = value'", st->path,
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
        wk_cli_set_err(st->err, st->err_cap,
                       "%s:%lu: expected 'key = value' in the block under '%.*s'",
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
            wk_cli_set_err(st->err, st->err_cap,
                           "%s:%lu: the file is larger than %u bytes", st->path,
                    st->line_no, WK_CLI_INI_FILE_MAX);
            *failed = true;
        } else if (c == '\n') {
            break;
        } else if (c == '\0') {
            wk_cli_set_err(st->err, st->err_cap,
                           "%s:%lu: NUL byte at column %zu", st->path, st->line_no,
                    n + 1u);
            *failed = true;
        } else if (n == cap - 1u) {
            wk_cli_set_err(st->err, st->err_cap, "%s:%lu: line longer than %zu bytes", st->path,
                    st->line_no, cap - 1u);
            *failed = true;
        } else {
            line[n++] = (char)c;
            continue;
        }
        break;
    }
    if (!*failed && ferror(f)) {
        wk_cli_set_err(st->err, st->err_cap, "cannot read %s: %s", st->path, strerror(errno));
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
        wk_cli_set_err(err, err_cap, "cannot read %s: %s", path, strerror(errno));
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
            wk_cli_set_err(err, err_cap, "the home directory is too long to form ~/.aws/%s", name);
        } else {
            wk_cli_set_err(err, err_cap, "%s is longer than %zu bytes (~ expanded)", var, cap - 1u);
        }
        return false;
    }
    return true;
}

static bool copy_setting(char *dst, size_t cap, const char *value, const char *source, char *err,
                         size_t err_cap)
{
    if (!copy_str(dst, cap, value)) {
        wk_cli_set_err(err, err_cap, "%s is longer than %zu bytes", source, cap - 1u);
        return false;
    }
    return true;
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

/* ---- The profile ------------------------------------------------------------------ */

/* The keys read from the profile's section of either shared file. */
typedef enum profile_key {
    KEY_ACCESS_KEY_ID = 0,
    KEY_SECRET_ACCESS_KEY,
    KEY_SESSION_TOKEN,
    KEY_REGION,
    KEY_USE_FIPS,
    KEY_USE_DUALSTACK,
    KEY_CA_BUNDLE,
    KEY_ENDPOINT_URL,
    KEY_SERVICES,
    KEY_IGNORE_ENDPOINT_URLS,
    KEY_CREDENTIAL_PROCESS,
    KEY_IOT_ENDPOINT, /* the five in wk_cli_iot_setting_t's order */
    KEY_IOT_ROLE_ALIAS,
    KEY_IOT_THING_NAME,
    KEY_IOT_CERTIFICATE,
    KEY_IOT_PRIVATE_KEY,
    /* credential sources this program does not use: read for their presence */
    KEY_ROLE_ARN,
    KEY_SOURCE_PROFILE,
    KEY_CREDENTIAL_SOURCE,
    KEY_WEB_IDENTITY_TOKEN_FILE,
    KEY_SSO_ACCOUNT_ID,
    KEY_SSO_ROLE_NAME,
    KEY_SSO_SESSION,
    KEY_SSO_START_URL,
    KEY_COUNT
} profile_key_t;

/* The profile's section of one file. */
typedef struct profile_file {
    char path[WK_CLI_PATH_MAX];
    wk_cli_ini_result_t result;
    bool found[KEY_COUNT];
    char access_key_id[WK_CLI_KEY_ID_MAX];
    char secret_access_key[WK_CLI_SECRET_MAX];
    char session_token[WK_CLI_SESSION_TOKEN_MAX];
    char region[WK_CLI_REGION_MAX];
    char use_fips[16];
    char use_dualstack[16];
    char ignore_endpoint_urls[16];
    char ca_bundle[WK_CLI_PATH_MAX];
    char endpoint_url[WK_CLI_URL_MAX];
    char services[WK_CLI_PROFILE_MAX];
    char credential_process[WK_CLI_PROCESS_MAX];
    wk_cli_iot_t iot;
} profile_file_t;

#define PROFILE_VALUE(member) offsetof(profile_file_t, member), sizeof(((profile_file_t *)0)->member)

static const struct {
    const char *name;
    size_t offset; /* of the value in profile_file_t */
    size_t cap;    /* 0: read for its presence only */
} k_profile_keys[KEY_COUNT] = {
    {"aws_access_key_id", PROFILE_VALUE(access_key_id)},
    {"aws_secret_access_key", PROFILE_VALUE(secret_access_key)},
    {"aws_session_token", PROFILE_VALUE(session_token)},
    {"region", PROFILE_VALUE(region)},
    {"use_fips_endpoint", PROFILE_VALUE(use_fips)},
    {"use_dualstack_endpoint", PROFILE_VALUE(use_dualstack)},
    {"ca_bundle", PROFILE_VALUE(ca_bundle)},
    {"endpoint_url", PROFILE_VALUE(endpoint_url)},
    {"services", PROFILE_VALUE(services)},
    {"ignore_configured_endpoint_urls", PROFILE_VALUE(ignore_endpoint_urls)},
    {"credential_process", PROFILE_VALUE(credential_process)},
    {"iot_credentials_endpoint", PROFILE_VALUE(iot.endpoint)},
    {"iot_role_alias", PROFILE_VALUE(iot.role_alias)},
    {"iot_thing_name", PROFILE_VALUE(iot.thing_name)},
    {"iot_certificate", PROFILE_VALUE(iot.certificate)},
    {"iot_private_key", PROFILE_VALUE(iot.private_key)},
    {"role_arn", 0u, 0u},
    {"source_profile", 0u, 0u},
    {"credential_source", 0u, 0u},
    {"web_identity_token_file", 0u, 0u},
    {"sso_account_id", 0u, 0u},
    {"sso_role_name", 0u, 0u},
    {"sso_session", 0u, 0u},
    {"sso_start_url", 0u, 0u},
};

/* The profile as botocore sees it: the config file's section with the
 * credentials file's section laid over it (a key in both: the latter's). */
typedef struct profile {
    profile_file_t config;
    profile_file_t creds;
} profile_t;

static int read_profile_file(profile_file_t *pf, const char *section, const char *alt, char *err,
                             size_t err_cap)
{
    wk_cli_ini_want_t wants[KEY_COUNT];
    size_t i;
    for (i = 0u; i < KEY_COUNT; i++) {
        wants[i].key = k_profile_keys[i].name;
        wants[i].value = k_profile_keys[i].cap > 0u ? (char *)pf + k_profile_keys[i].offset : NULL;
        wants[i].cap = k_profile_keys[i].cap;
    }
    pf->result = wk_cli_ini_read(pf->path, section, alt, wants, KEY_COUNT, err, err_cap);
    for (i = 0u; i < KEY_COUNT; i++) {
        pf->found[i] = wants[i].found;
    }
    return pf->result == WK_CLI_INI_ERROR ? -1 : 0;
}

/* Both files' sections of the profile named in cfg->profile. */
static int read_profile(profile_t *p, wk_cli_config_t *cfg, char *err, size_t err_cap)
{
    char section[WK_CLI_PROFILE_MAX + 8u];
    if (!shared_file_path("AWS_CONFIG_FILE", "config", p->config.path, sizeof(p->config.path), err,
                          err_cap) ||
        !shared_file_path("AWS_SHARED_CREDENTIALS_FILE", "credentials", p->creds.path,
                          sizeof(p->creds.path), err, err_cap)) {
        return -1;
    }
    (void)copy_str(cfg->config_file, sizeof(cfg->config_file), p->config.path); /* same size */
    (void)copy_str(cfg->credentials_file, sizeof(cfg->credentials_file), p->creds.path);
    /* the config file calls it [profile NAME]; [default], and [profile default]
     * as newer tools write it; the credentials file just [NAME] */
    (void)snprintf(section, sizeof(section), "profile %s", cfg->profile);
    if (read_profile_file(&p->config, section,
                          strcmp(cfg->profile, "default") == 0 ? "default" : NULL, err,
                          err_cap) != 0 ||
        read_profile_file(&p->creds, cfg->profile, NULL, err, err_cap) != 0) {
        return -1;
    }
    if (cfg->profile_from != NULL && p->config.result != WK_CLI_INI_FOUND &&
        p->creds.result != WK_CLI_INI_FOUND) {
        /* botocore refuses a profile asked for by name that neither file has */
        wk_cli_set_err(err, err_cap, "profile '%s' (from %s) not found in %s or %s", cfg->profile,
                cfg->profile_from, p->config.path, p->creds.path);
        return -1;
    }
    return 0;
}

/* The file of the profile whose section has @p key: the credentials file's first. */
static const profile_file_t *setting_file(const profile_t *p, profile_key_t key)
{
    return p->creds.found[key] ? &p->creds : &p->config;
}

static bool has_setting(const profile_t *p, profile_key_t key)
{
    return p->creds.found[key] || p->config.found[key];
}

/* The value of @p key in the profile; NULL when it is not there or empty. */
static const char *setting(const profile_t *p, profile_key_t key)
{
    const profile_file_t *f = setting_file(p, key);
    const char *v = (const char *)f + k_profile_keys[key].offset;
    return (f->found[key] && k_profile_keys[key].cap > 0u && v[0] != '\0') ? v : NULL;
}

/* ---- Credentials: botocore's chain -------------------------------------------------- */

/* What a source of the chain sees. */
typedef struct chain {
    const profile_t *profile;
    wk_cli_config_t *cfg;
    bool skip_env;     /* --profile or --iot-credentials-endpoint: like the AWS CLI with
                          --profile, skip the environment's keys and web identity */
    uint32_t process_timeout_ms;
    int *exit_code;    /* on an error: WK_CLI_EXIT_USAGE unless the source says otherwise */
    char *err;
    size_t err_cap;
} chain_t;

/* A source of the chain: 0 when it supplied the credentials, 1 when it has
 * none (the next one is asked), -1 on an error (err says what, *exit_code
 * the exit code). */
typedef int (*creds_source_fn)(const chain_t *c);

static int creds_from_env(const chain_t *c)
{
    const char *id = env_nonempty("AWS_ACCESS_KEY_ID");
    const char *secret = env_nonempty("AWS_SECRET_ACCESS_KEY");
    const char *token = env_nonempty("AWS_SESSION_TOKEN");
    wk_cli_config_t *cfg = c->cfg;
    if (c->skip_env || (id == NULL && secret == NULL)) {
        return 1;
    }
    if (id == NULL || secret == NULL) {
        wk_cli_set_err(c->err, c->err_cap, "partial credentials in the environment: %s is not set",
                id == NULL ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY");
        return -1;
    }
    if (!copy_setting(cfg->access_key_id, sizeof(cfg->access_key_id), id, "AWS_ACCESS_KEY_ID",
                      c->err, c->err_cap) ||
        !copy_setting(cfg->secret_access_key, sizeof(cfg->secret_access_key), secret,
                      "AWS_SECRET_ACCESS_KEY", c->err, c->err_cap) ||
        (token != NULL && !copy_setting(cfg->session_token, sizeof(cfg->session_token), token,
                                        "AWS_SESSION_TOKEN", c->err, c->err_cap))) {
        return -1;
    }
    cfg->creds_from = WK_CLI_CREDS_ENV;
    return 0;
}

/* What to use instead of a source this program does not have: a profile whose
 * credential_process asks the AWS CLI for the credentials of profile NAME. */
#define USE_PROCESS_INSTEAD                                                                  \
    "; use a profile with credential_process instead, e.g. [profile %s-process] "            \
    "credential_process = aws configure export-credentials --profile %s --format process "   \
    "(or pass AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN)"

/* A source the profile (or the environment) asks for and this program does
 * not have: say which, and a way that works with this version. */
static int unsupported(const chain_t *c, const char *what, const char *key)
{
    wk_cli_set_err(c->err, c->err_cap,
                   "%s uses %s, which " WK_CLI_NAME " does not support" USE_PROCESS_INSTEAD,
            what, key, c->cfg->profile, c->cfg->profile);
    return -1;
}

static int creds_from_assume_role(const chain_t *c)
{
    char what[WK_CLI_PROFILE_MAX + 16u];
    const profile_t *p = c->profile;
    /* a profile with web_identity_token_file too is the next source's */
    if (!has_setting(p, KEY_ROLE_ARN) || has_setting(p, KEY_WEB_IDENTITY_TOKEN_FILE)) {
        return 1;
    }
    (void)snprintf(what, sizeof(what), "profile '%s'", c->cfg->profile);
    return unsupported(c, what,
                       has_setting(p, KEY_SOURCE_PROFILE)      ? "role_arn with source_profile"
                       : has_setting(p, KEY_CREDENTIAL_SOURCE) ? "role_arn with credential_source"
                                                               : "role_arn");
}

static int creds_from_web_identity(const chain_t *c)
{
    char what[WK_CLI_PROFILE_MAX + 16u];
    if (!c->skip_env && env_nonempty("AWS_WEB_IDENTITY_TOKEN_FILE") != NULL) {
        return unsupported(c, "the environment", "AWS_WEB_IDENTITY_TOKEN_FILE (web identity)");
    }
    if (!has_setting(c->profile, KEY_WEB_IDENTITY_TOKEN_FILE)) {
        return 1;
    }
    (void)snprintf(what, sizeof(what), "profile '%s'", c->cfg->profile);
    return unsupported(c, what, "web_identity_token_file");
}

/* The AWS IoT credentials provider, for a profile (or flags) that set
 * iot_credentials_endpoint; cfg->iot holds its checked settings. */
static int creds_from_iot(const chain_t *c)
{
    if (c->cfg->iot.endpoint[0] == '\0') {
        return 1;
    }
    c->cfg->creds_from = WK_CLI_CREDS_IOT; /* asked when the run starts */
    return 0;
}

static int creds_from_sso(const chain_t *c)
{
    char what[WK_CLI_PROFILE_MAX + 16u];
    /* botocore's SSO provider takes a profile with either key */
    if (!has_setting(c->profile, KEY_SSO_ACCOUNT_ID) && !has_setting(c->profile, KEY_SSO_ROLE_NAME)) {
        return 1;
    }
    (void)snprintf(what, sizeof(what), "profile '%s'", c->cfg->profile);
    return unsupported(c, what, "IAM Identity Center (sso_account_id, sso_role_name)");
}

/* Keys in one file's section of the profile. Either key there makes the
 * file the source, so the other one missing is an error, not a fall-through. */
static int creds_from_file(const chain_t *c, const profile_file_t *pf, wk_cli_creds_source_t source)
{
    wk_cli_config_t *cfg = c->cfg;
    if (!pf->found[KEY_ACCESS_KEY_ID] && !pf->found[KEY_SECRET_ACCESS_KEY]) {
        return 1;
    }
    if (pf->access_key_id[0] == '\0' || pf->secret_access_key[0] == '\0') {
        wk_cli_set_err(c->err, c->err_cap, "profile '%s' in %s has no %s", cfg->profile, pf->path,
                pf->access_key_id[0] == '\0' ? "aws_access_key_id" : "aws_secret_access_key");
        return -1;
    }
    /* the buffers have the same sizes */
    (void)copy_str(cfg->access_key_id, sizeof(cfg->access_key_id), pf->access_key_id);
    (void)copy_str(cfg->secret_access_key, sizeof(cfg->secret_access_key), pf->secret_access_key);
    (void)copy_str(cfg->session_token, sizeof(cfg->session_token), pf->session_token);
    cfg->creds_from = source;
    return 0;
}

static int creds_from_shared_file(const chain_t *c)
{
    return creds_from_file(c, &c->profile->creds, WK_CLI_CREDS_SHARED_FILE);
}

/* As botocore's ProcessProvider: the profile's credential_process, from
 * either file. */
static int creds_from_process(const chain_t *c)
{
    static wk_credentials_t got;
    wk_cli_config_t *cfg = c->cfg;
    const char *cmd = setting(c->profile, KEY_CREDENTIAL_PROCESS);
    int rc;
    if (cmd == NULL) {
        return 1;
    }
    rc = wk_cli_run_credential_process(cmd, c->process_timeout_ms, &got, c->err, c->err_cap);
    if (rc != WK_CLI_EXIT_OK) {
        *c->exit_code = rc;
        return -1;
    }
    /* the core's storage is no larger than these buffers */
    (void)copy_str(cfg->access_key_id, sizeof(cfg->access_key_id), got.access_key_id);
    (void)copy_str(cfg->secret_access_key, sizeof(cfg->secret_access_key), got.secret_access_key);
    (void)copy_str(cfg->session_token, sizeof(cfg->session_token), got.session_token);
    (void)copy_str(cfg->credential_process, sizeof(cfg->credential_process), cmd);
    cfg->creds_expiration = got.expiration != WK_CREDENTIALS_NO_EXPIRY ? got.expiration : 0;
    cfg->creds_from = WK_CLI_CREDS_PROCESS;
    (void)wk_credentials_wipe(&got);
    return 0;
}

static int creds_from_config_file(const chain_t *c)
{
    return creds_from_file(c, &c->profile->config, WK_CLI_CREDS_CONFIG_FILE);
}

/* Container credentials when either URI is set; asked when the run starts. */
static int creds_from_container(const chain_t *c)
{
    if (env_nonempty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == NULL &&
        env_nonempty("AWS_CONTAINER_CREDENTIALS_FULL_URI") == NULL) {
        return 1;
    }
    c->cfg->creds_from = WK_CLI_CREDS_CONTAINER;
    return 0;
}

static void explain_no_credentials(const chain_t *c, const char *tail);

/* The last resort, as in botocore: whether this is an EC2 instance only the
 * metadata service can say, so it is asked unless AWS_EC2_METADATA_DISABLED
 * is true; what the chain looked at is kept for when it gives none either. */
static int creds_from_instance_metadata(const chain_t *c)
{
    const char *disabled = env_nonempty("AWS_EC2_METADATA_DISABLED");
    if (disabled != NULL && ascii_ieq(disabled, strlen(disabled), "true")) {
        return 1;
    }
    explain_no_credentials(c, "");
    (void)copy_str(c->cfg->no_creds, sizeof(c->cfg->no_creds), c->err);
    c->err[0] = '\0';
    c->cfg->creds_from = WK_CLI_CREDS_IMDS;
    return 0;
}

/* A setting that makes botocore's chain skip the profile's own sources, named
 * so that "no credentials" says why the profile gave none. */
static const char *unused_setting(const profile_t *p)
{
    static const profile_key_t keys[] = {KEY_SSO_SESSION, KEY_SSO_START_URL,
                                         KEY_CREDENTIAL_SOURCE, KEY_SOURCE_PROFILE};
    size_t i;
    for (i = 0u; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (has_setting(p, keys[i])) {
            return k_profile_keys[keys[i]].name;
        }
    }
    return NULL;
}

/* Nothing in the chain had credentials: say what was looked at, then @p k_not_here. */
static void explain_no_credentials(const chain_t *c, const char *k_not_here)
{
    const profile_t *p = c->profile;
    const char *name = c->cfg->profile;
    const char *unused = unused_setting(p);
    if (unused != NULL) {
        wk_cli_set_err(c->err, c->err_cap,
                "no credentials: profile '%s' uses %s, which " WK_CLI_NAME " does not support "
                "(IAM Identity Center and role assumption are not available)" USE_PROCESS_INSTEAD,
                name, unused, name, name);
    } else if (has_setting(p, KEY_CREDENTIAL_PROCESS)) {
        wk_cli_set_err(c->err, c->err_cap,
                       "no credentials: profile '%s' has an empty credential_process",
                name);
    } else if (p->creds.result == WK_CLI_INI_NO_FILE) {
        wk_cli_set_err(c->err, c->err_cap, "no credentials: set AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY, or create %s%s", p->creds.path, k_not_here);
    } else if (p->creds.result != WK_CLI_INI_FOUND && p->config.result != WK_CLI_INI_FOUND) {
        wk_cli_set_err(c->err, c->err_cap,
                       "no credentials: profile '%s' not found in %s or %s%s", name,
                p->creds.path, p->config.path, k_not_here);
    } else {
        wk_cli_set_err(c->err, c->err_cap,
                       "no credentials: profile '%s' has neither aws_access_key_id "
                "nor credential_process in %s or %s%s", name, p->creds.path, p->config.path,
                k_not_here);
    }
}

/* The sources in botocore's order (credentials.py, create_credential_resolver). */
static const creds_source_fn k_creds_chain[] = {
    creds_from_env,         creds_from_assume_role, creds_from_web_identity,
    creds_from_sso,         creds_from_iot,         creds_from_shared_file, creds_from_process,
    creds_from_config_file, creds_from_container,   creds_from_instance_metadata,
};

static int resolve_credentials(const chain_t *c)
{
    size_t i;
    int rc = 1;
    for (i = 0u; rc > 0 && i < sizeof(k_creds_chain) / sizeof(k_creds_chain[0]); i++) {
        rc = k_creds_chain[i](c);
    }
    if (rc > 0) {
        explain_no_credentials(c, "; the EC2 instance metadata service was not asked "
                                  "(AWS_EC2_METADATA_DISABLED)");
    }
    return rc == 0 ? 0 : -1;
}

/* ---- Region, endpoint, CA bundle ------------------------------------------------------- */

/* Environment variable, else the profile's key, else false. */
static bool resolve_flag(bool *out, const char *env_name, const profile_t *p, profile_key_t key,
                         char *err, size_t err_cap)
{
    const char *env = env_nonempty(env_name);
    const char *value = setting(p, key);
    *out = false;
    if (env != NULL) {
        if (!parse_bool(env, out)) {
            wk_cli_set_err(err, err_cap, "%s must be true or false", env_name);
            return false;
        }
    } else if (value != NULL && !parse_bool(value, out)) {
        wk_cli_set_err(err, err_cap, "%s: %s must be true or false", setting_file(p, key)->path,
                k_profile_keys[key].name);
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

/* The wickr block's endpoint_url in the [services NAME] section the profile
 * names, into @p url; *found NULL when there is none. A section named but
 * missing is an error, as in botocore. */
static int services_endpoint(const profile_t *p, wk_cli_config_t *cfg, char *url, size_t cap,
                             const char **found, char *err, size_t err_cap)
{
    char section[WK_CLI_PROFILE_MAX + 10u];
    wk_cli_ini_want_t want = {"wickr.endpoint_url", url, cap, false};
    const char *name = setting(p, KEY_SERVICES);
    wk_cli_ini_result_t r;
    *found = NULL;
    if (name == NULL) {
        return 0;
    }
    (void)copy_str(cfg->services, sizeof(cfg->services), name); /* same size */
    (void)snprintf(section, sizeof(section), "services %s", name);
    r = wk_cli_ini_read(p->config.path, section, NULL, &want, 1u, err, err_cap);
    if (r == WK_CLI_INI_ERROR) {
        return -1;
    }
    if (r != WK_CLI_INI_FOUND) {
        wk_cli_set_err(err, err_cap,
                       "profile '%s' names services '%s', but %s has no [services %s] "
                              "section", cfg->profile, name, p->config.path, name);
        return -1;
    }
    *found = want.found && url[0] != '\0' ? url : NULL;
    return 0;
}

/* As botocore: --endpoint-url; unless AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or
 * the profile's ignore_configured_endpoint_urls) is true,
 * AWS_ENDPOINT_URL_WICKR, AWS_ENDPOINT_URL, the services section's wickr
 * endpoint_url, the profile's endpoint_url. */
static int resolve_endpoint(const wk_cli_options_t *opts, const profile_t *p, wk_cli_config_t *cfg,
                            char *err, size_t err_cap)
{
    static const char *const vars[] = {"AWS_ENDPOINT_URL_WICKR", "AWS_ENDPOINT_URL"};
    static char services_url[WK_CLI_URL_MAX];
    const char *url = opts->endpoint_url;
    size_t i;
    cfg->endpoint_from = "--endpoint-url";
    if (url == NULL) {
        if (!resolve_flag(&cfg->endpoints_ignored, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", p,
                          KEY_IGNORE_ENDPOINT_URLS, err, err_cap)) {
            return -1;
        }
        for (i = 0u; !cfg->endpoints_ignored && url == NULL && i < 2u; i++) {
            url = env_nonempty(vars[i]);
            cfg->endpoint_from = vars[i];
        }
    }
    if (url == NULL && !cfg->endpoints_ignored) {
        if (services_endpoint(p, cfg, services_url, sizeof(services_url), &url, err, err_cap) != 0) {
            return -1;
        }
        cfg->endpoint_from = "services";
    }
    if (url == NULL && !cfg->endpoints_ignored) {
        url = setting(p, KEY_ENDPOINT_URL);
        cfg->endpoint_from = "endpoint_url";
    }
    if (url == NULL) {
        cfg->endpoint_from = NULL;
        return 0;
    }
    return copy_setting(cfg->endpoint_url, sizeof(cfg->endpoint_url), url, cfg->endpoint_from,
                        err, err_cap)
               ? 0
               : -1;
}

/* Each of @p s's bytes is a letter, a digit or one of @p others. */
static bool name_chars(const char *s, const char *others)
{
    for (; *s != '\0'; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr(others, *s) != NULL)) {
            return false;
        }
    }
    return true;
}

/* The IoT provider's settings, each flag over its profile key, checked as
 * far as they can be without the provider: the URL's scheme, the names'
 * characters (AWS IoT's patterns), the PEM files readable. */
static int resolve_iot(const wk_cli_options_t *opts, const profile_t *p, wk_cli_config_t *cfg,
                       char *err, size_t err_cap)
{
    static const size_t offsets[WK_CLI_IOT_SETTINGS] = {
        offsetof(wk_cli_iot_t, endpoint), offsetof(wk_cli_iot_t, role_alias),
        offsetof(wk_cli_iot_t, thing_name), offsetof(wk_cli_iot_t, certificate),
        offsetof(wk_cli_iot_t, private_key)};
    static const size_t caps[WK_CLI_IOT_SETTINGS] = {
        WK_CLI_URL_MAX, WK_CLI_PROFILE_MAX, WK_CLI_PROFILE_MAX, WK_CLI_PATH_MAX, WK_CLI_PATH_MAX};
    wk_cli_iot_t *iot = &cfg->iot;
    const char *name;
    size_t i;
    if (opts->iot[WK_CLI_IOT_ENDPOINT] == NULL && setting(p, KEY_IOT_ENDPOINT) == NULL) {
        return 0; /* the others alone configure nothing, as a region alone does not */
    }
    iot->from = opts->iot[WK_CLI_IOT_ENDPOINT] != NULL ? "--iot-credentials-endpoint"
                                                       : "the profile";
    for (i = 0u; i < WK_CLI_IOT_SETTINGS; i++) {
        const char *v = first_set(opts->iot[i], setting(p, (profile_key_t)(KEY_IOT_ENDPOINT + i)),
                                  NULL);
        name = k_profile_keys[KEY_IOT_ENDPOINT + i].name;
        if (v == NULL) { /* the library's provider sends x-amzn-iot-thingname always */
            char flag[32];
            size_t j;
            for (j = 0u; name[j] != '\0' && j + 1u < sizeof(flag); j++) {
                flag[j] = name[j] == '_' ? '-' : name[j]; /* iot_role_alias: --iot-role-alias */
            }
            flag[j] = '\0';
            wk_cli_set_err(err, err_cap, "%s sets iot_credentials_endpoint, but %s is not set (in "
                    "profile '%s', or --%s)", iot->from, name, cfg->profile, flag);
            return -1;
        }
        if (v != NULL && !copy_setting((char *)iot + offsets[i], caps[i], v, name, err, err_cap)) {
            return -1;
        }
    }
    if (strncmp(iot->endpoint, "https://", 8u) != 0 || iot->endpoint[8] == '\0' ||
        iot->endpoint[8] == '/') {
        wk_cli_set_err(err, err_cap, "iot_credentials_endpoint must be an https:// URL with a host "
                "(e.g. https://PREFIX.credentials.iot.REGION.amazonaws.com)");
        return -1;
    }
    if (strlen(iot->role_alias) > 128u || !name_chars(iot->role_alias, "_=,@-")) {
        wk_cli_set_err(err, err_cap, "iot_role_alias must be 1 to 128 letters, digits and _=,@-");
        return -1;
    }
    if (strlen(iot->thing_name) > 128u || !name_chars(iot->thing_name, ":_-")) {
        wk_cli_set_err(err, err_cap, "iot_thing_name must be 1 to 128 letters, digits and :_-");
        return -1;
    }
    for (i = WK_CLI_IOT_CERTIFICATE; i <= WK_CLI_IOT_PRIVATE_KEY; i++) {
        const char *path = (const char *)iot + offsets[i];
        FILE *f = fopen(path, "rb");
        if (f == NULL) {
            wk_cli_set_err(err, err_cap,
                           "cannot read %s %s: %s", k_profile_keys[KEY_IOT_ENDPOINT + i].name,
                    path, strerror(errno));
            return -1;
        }
        (void)fclose(f);
    }
    return 0;
}

static int resolve_settings(const wk_cli_options_t *opts, wk_cli_config_t *cfg, const profile_t *p,
                            char *err, size_t err_cap)
{
    static const char *const region_vars[] = {"AWS_REGION", "AWS_DEFAULT_REGION"};
    const char *region = opts->region;
    const char *ca = first_set(opts->ca_bundle, env_nonempty("AWS_CA_BUNDLE"),
                               first_set(setting(p, KEY_CA_BUNDLE), WK_CLI_SYSTEM_CA_BUNDLE, NULL));
    size_t i;
    cfg->region_from = "--region";
    for (i = 0u; region == NULL && i < 2u; i++) {
        region = env_nonempty(region_vars[i]);
        cfg->region_from = region_vars[i];
    }
    if (region == NULL) {
        region = setting(p, KEY_REGION);
        /* NULL: the config file's section of the profile */
        cfg->region_from = setting_file(p, KEY_REGION) == &p->creds ? "the credentials file" : NULL;
    }
    if ((region != NULL &&
         !copy_setting(cfg->region, sizeof(cfg->region), region, "the region", err, err_cap)) ||
        resolve_endpoint(opts, p, cfg, err, err_cap) != 0 ||
        resolve_iot(opts, p, cfg, err, err_cap) != 0 ||
        !copy_setting(cfg->ca_bundle, sizeof(cfg->ca_bundle), ca, "the CA bundle path", err,
                      err_cap)) {
        return WK_CLI_EXIT_USAGE;
    }
    /* A CA bundle that cannot be read is a configuration mistake (exit 2, nothing
     * sent), not a network failure to retry; plain http:// needs none. */
    if (strncmp(cfg->endpoint_url, "http://", 7u) != 0) {
        FILE *f = fopen(cfg->ca_bundle, "rb");
        if (f == NULL) {
            wk_cli_set_err(err, err_cap, "cannot read the CA bundle %s: %s", cfg->ca_bundle,
                    strerror(errno));
            return WK_CLI_EXIT_USAGE;
        }
        (void)fclose(f);
    }
    if (!resolve_flag(&cfg->use_fips, "AWS_USE_FIPS_ENDPOINT", p, KEY_USE_FIPS, err, err_cap) ||
        !resolve_flag(&cfg->use_dualstack, "AWS_USE_DUALSTACK_ENDPOINT", p, KEY_USE_DUALSTACK,
                      err, err_cap)) {
        return WK_CLI_EXIT_USAGE;
    }
    return WK_CLI_EXIT_OK;
}

/* The profile, as botocore picks it: --profile, AWS_DEFAULT_PROFILE,
 * AWS_PROFILE, else "default". */
static bool choose_profile(const wk_cli_options_t *opts, wk_cli_config_t *cfg, char *err,
                           size_t err_cap)
{
    static const char *const vars[] = {"AWS_DEFAULT_PROFILE", "AWS_PROFILE"};
    const char *name = opts->profile;
    size_t i;
    cfg->profile_from = "--profile";
    for (i = 0u; name == NULL && i < 2u; i++) {
        name = env_nonempty(vars[i]);
        cfg->profile_from = vars[i];
    }
    if (name == NULL) {
        name = "default";
        cfg->profile_from = NULL;
    }
    return copy_setting(cfg->profile, sizeof(cfg->profile), name,
                        cfg->profile_from != NULL ? cfg->profile_from : "the profile", err,
                        err_cap);
}

int wk_cli_config_resolve(const wk_cli_options_t *opts, wk_cli_config_t *cfg, char *err,
                          size_t err_cap)
{
    static profile_t profile; /* two files' worth of values: keep them off the stack */
    int rc = WK_CLI_EXIT_USAGE;
    /* --profile and --iot-credentials-endpoint both say where credentials come from */
    chain_t chain = {&profile, cfg, opts->profile != NULL || opts->iot[WK_CLI_IOT_ENDPOINT] != NULL,
                     opts->process_timeout_ms != 0u ? opts->process_timeout_ms
                                                    : WK_CLI_PROCESS_TIMEOUT_MS,
                     &rc, err, err_cap};

    memset(cfg, 0, sizeof(*cfg));
    memset(&profile, 0, sizeof(profile));
    /* the settings first: a mistake there is reported before a credential_process runs */
    if (choose_profile(opts, cfg, err, err_cap) && read_profile(&profile, cfg, err, err_cap) == 0 &&
        resolve_settings(opts, cfg, &profile, err, err_cap) == WK_CLI_EXIT_OK) {
        rc = resolve_credentials(&chain) == 0 ? WK_CLI_EXIT_OK : rc;
    }
    wk_port_zeroize(&profile, sizeof(profile));
    if (rc != WK_CLI_EXIT_OK) {
        wk_cli_config_wipe(cfg);
    }
    return rc;
}
