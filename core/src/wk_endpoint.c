/* SPDX-License-Identifier: Apache-2.0 */
/* Endpoint resolution: the service's Smithy endpoint rule set with
 * aws.partition(), and custom endpoint URL parsing; see wk_endpoint.h. */
#include <string.h>

#include "wk_internal.h"

#define DNS_LABEL_MAX 63u
#define HTTPS_DEFAULT_PORT 443u
#define HTTP_DEFAULT_PORT 80u

/* Rule-set error texts, verbatim: callers may compare them. */
#define RULE_FIPS_CUSTOM "Invalid Configuration: FIPS and custom endpoint are not supported"
#define RULE_DUALSTACK_CUSTOM "Invalid Configuration: Dualstack and custom endpoint are not supported"
#define RULE_MISSING_REGION "Invalid Configuration: Missing Region"
#define RULE_FIPS_DUALSTACK "FIPS and DualStack are enabled, but this partition does not support one or both"
#define RULE_DUALSTACK "DualStack is enabled but this partition does not support DualStack"

/*
 * One partition of the upstream partitions.json, version 1.1 with aws-eusc
 * (Debian 12's botocore ships an older copy without il, mx, iso-e, iso-f and
 * eusc). Every regionRegex there has the shape
 * ^(prefix1|prefix2|...)\-\w+\-\d+$, so a partition is matched by its
 * prefixes (trailing '-' included) and a shared tail check. explicit_region
 * is the one listed region name the regex does not cover. Every partition
 * supports FIPS, so the rule set's "FIPS is enabled but this partition does
 * not support FIPS" cannot arise; only those with supportsDualStack have a
 * dual-stack suffix here (the iso and eusc partitions publish one the rule
 * set never reaches).
 */
typedef struct partition {
    const char *prefixes;             /* "us-\0eu-\0...": NUL-separated, ended by "" */
    const char *explicit_region;      /* NULL: none */
    const char *dns_suffix;
#if CONFIG_WK_ENDPOINT_VARIANTS
    const char *dualstack_dns_suffix; /* NULL: no dual-stack */
#endif
} partition_t;

/* The dual-stack suffixes are left out of the table with the variants. */
#if CONFIG_WK_ENDPOINT_VARIANTS
#define DUALSTACK(suffix) , suffix
#else
#define DUALSTACK(suffix)
#endif

/* The first entry is aws, which aws.partition() falls back to; without
 * CONFIG_WK_OTHER_PARTITIONS it is the only one. */
static const partition_t k_partitions[] = {
    {"us-\0eu-\0ap-\0sa-\0ca-\0me-\0af-\0il-\0mx-\0", "aws-global", "amazonaws.com" DUALSTACK("api.aws")},
#if CONFIG_WK_OTHER_PARTITIONS
    {"cn-\0", "aws-cn-global", "amazonaws.com.cn" DUALSTACK("api.amazonwebservices.com.cn")},
    {"eusc-de-\0", NULL, "amazonaws.eu" DUALSTACK(NULL)},
    {"us-iso-\0", "aws-iso-global", "c2s.ic.gov" DUALSTACK(NULL)},
    {"us-isob-\0", "aws-iso-b-global", "sc2s.sgov.gov" DUALSTACK(NULL)},
    {"eu-isoe-\0", "aws-iso-e-global", "cloud.adc-e.uk" DUALSTACK(NULL)},
    {"us-isof-\0", "aws-iso-f-global", "csp.hci.ic.gov" DUALSTACK(NULL)},
    {"us-gov-\0", "aws-us-gov-global", "amazonaws.com" DUALSTACK("api.aws")},
#endif
};

static bool starts_with(const char *s, const char *prefix)
{
    size_t n = wk_strlen(prefix);
    return wk_strlen(s) >= n && memcmp(s, prefix, n) == 0;
}

/* \w+\-\d+$ over s. \w cannot match '-', so the first '-' ends the word. */
static bool region_tail_matches(const char *s)
{
    size_t word = 0u;
    size_t digits = 0u;
    while (wk_is_alnum(s[word]) || s[word] == '_') {
        word++;
    }
    if (word > 0u && s[word] == '-') {
        while (wk_is_digit(s[word + 1u + digits])) {
            digits++;
        }
    }
    return digits > 0u && s[word + 1u + digits] == '\0';
}

static bool partition_regex_matches(const partition_t *p, const char *region)
{
    bool match = false;
    const char *prefix;
    for (prefix = p->prefixes; *prefix != '\0' && !match; prefix += wk_strlen(prefix) + 1u) {
        match = starts_with(region, prefix) && region_tail_matches(region + wk_strlen(prefix));
    }
    return match;
}

/* aws.partition(): a listed region name first, then the region regexes,
 * then aws for anything else; NULL for anything else without
 * CONFIG_WK_OTHER_PARTITIONS, as a region of another partition would be
 * taken for an aws one. */
static const partition_t *partition_for(const char *region)
{
    const partition_t *found = NULL;
    size_t i;
    for (i = 0u; i < WK_ARRAY_LEN(k_partitions) && found == NULL; i++) {
        if (k_partitions[i].explicit_region != NULL &&
            wk_streq(region, k_partitions[i].explicit_region)) {
            found = &k_partitions[i];
        }
    }
    for (i = 0u; i < WK_ARRAY_LEN(k_partitions) && found == NULL; i++) {
        if (partition_regex_matches(&k_partitions[i], region)) {
            found = &k_partitions[i];
        }
    }
    return (found != NULL || !CONFIG_WK_OTHER_PARTITIONS) ? found : &k_partitions[0];
}

/* Offset of the first byte that keeps s[0..n) (1..63 bytes) from being one
 * DNS label of [a-z0-9-] not starting or ending with '-'; n when it is one. */
static size_t dns_label_flaw(const char *s, size_t n)
{
    size_t i = 0u;
    while (i < n && (wk_is_digit(s[i]) || (s[i] >= 'a' && s[i] <= 'z') ||
                     (s[i] == '-' && i > 0u && i + 1u < n))) {
        i++;
    }
    return i;
}

/* The region becomes a DNS label of the host, so it must be one: a dot, an
 * upper-case letter or anything else would change what the host means. */
static wk_status_t check_region(const char *region, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    size_t n = wk_strlen(region);
    size_t flaw = dns_label_flaw(region, n);
    if (n == 0u || n > DNS_LABEL_MAX) {
        status = WK_ERR_REGION;
        wk_diag_fmt(diag, "region has %llu bytes, not 1..63", (unsigned long long)n);
    } else if (flaw < n) {
        status = WK_ERR_REGION;
        wk_diag_fmt(diag, "region byte offset %llu is %.*s",
                    (unsigned long long)flaw, 1, &region[flaw]);
    } else {
        /* valid */
    }
    return status;
}

/* The DNS suffix of partition @p p (NULL: none) for the endpoint asked for;
 * NULL when it has none. */
static const char *dns_suffix(const partition_t *p, const wk_endpoint_params_t *params)
{
    const char *suffix = NULL;
    if (p != NULL) {
#if CONFIG_WK_ENDPOINT_VARIANTS
        suffix = params->use_dualstack ? p->dualstack_dns_suffix : p->dns_suffix;
#else
        (void)params; /* wk_endpoint_resolve() refused use_dualstack */
        suffix = p->dns_suffix;
#endif
    }
    return suffix;
}

static wk_status_t resolve_region(const wk_endpoint_params_t *params, wk_endpoint_t *out,
                                  wk_diag_t *diag)
{
    const partition_t *p = partition_for(params->region);
    const char *service =
        (CONFIG_WK_ENDPOINT_VARIANTS && params->use_fips) ? "admin.wickr-fips." : "admin.wickr.";
    const char *suffix = dns_suffix(p, params);
    wk_status_t status = WK_OK;
    wk_text_t w = {out->host, sizeof(out->host), 0u};
    /* Beside a partition left out, only a dual-stack endpoint can be
     * missing: every partition has the others. */
    if (p == NULL) {
        status = WK_ERR_ENDPOINT_CONFIG;
        wk_diag_str(diag, "region outside the aws partition: CONFIG_WK_OTHER_PARTITIONS is off");
    } else if (CONFIG_WK_ENDPOINT_VARIANTS && params->use_fips && params->use_dualstack &&
               suffix == NULL) {
        status = WK_ERR_ENDPOINT_CONFIG;
        wk_diag_str(diag, RULE_FIPS_DUALSTACK);
    } else if (CONFIG_WK_ENDPOINT_VARIANTS && suffix == NULL) {
        status = WK_ERR_ENDPOINT_CONFIG;
        wk_diag_str(diag, RULE_DUALSTACK);
    } else {
        wk_text_str(&w, service);
        wk_text_str(&w, params->region);
        wk_text_put(&w, ".", 1u);
        wk_text_str(&w, suffix);
        if (!wk_text_close(&w)) {
            status = WK_ERR_NO_SPACE;
            wk_diag_fmt(diag, WK_DIAG_SIZE, "endpoint host", (unsigned long long)w.len,
                        "CONFIG_WK_HOST_MAX", (unsigned long long)sizeof(out->host) - 1u);
        }
    }
    return status;
}

/* ---- Custom endpoint URL ----------------------------------------------------------- */

static void url_error(wk_diag_t *diag, const char *what, size_t offset)
{
    /* The URL itself is never echoed: a rejected one may carry a password. */
    wk_diag_fmt(diag, "endpoint URL %s at byte offset %llu", what, (unsigned long long)offset);
}

/* Strict dotted quad: four decimal parts 0..255 without leading zeros (which
 * inet_aton() reads as octal). */
static bool ipv4_parse(const char *s, size_t n, uint8_t out[4])
{
    uint8_t bytes[4];
    size_t i = 0u;
    size_t part;
    bool ok = true;
    for (part = 0u; ok && part < 4u; part++) {
        unsigned int value = 0u;
        size_t digits = 0u;
        while (i < n && wk_is_digit(s[i]) && digits < 4u) {
            value = value * 10u + (unsigned int)(s[i] - '0');
            i++;
            digits++;
        }
        ok = digits > 0u && value <= 255u && !(digits > 1u && s[i - digits] == '0');
        bytes[part] = (uint8_t)value;
        if (ok && part < 3u) {
            ok = i < n && s[i] == '.';
            i++;
        }
    }
    ok = ok && i == n;
    if (ok) {
        memcpy(out, bytes, sizeof(bytes));
    }
    return ok;
}

/* Length of the hex group at s[0..n) (stops at 5 so an over-long one
 * shows), and its value in *value (meaningful for 1..4 digits). */
static size_t hex_group(const char *s, size_t n, unsigned int *value)
{
    size_t i = 0u;
    int d;
    *value = 0u;
    while (i < n && i < 5u && (d = wk_hex_digit_value(s[i])) >= 0) {
        *value = (*value << 4) | (unsigned int)d;
        i++;
    }
    return i;
}

/* RFC 4291 section 2.2 text form: eight 16-bit groups of 1..4 hex digits, one
 * "::" standing for one or more zero groups, the last 32 bits optionally as a
 * strict dotted quad. No zone index (it means nothing to a server, and to a
 * certificate). */
static bool ipv6_parse(const char *s, size_t n, uint8_t out[16])
{
    uint8_t bytes[16];
    size_t count = 0u;     /* bytes parsed */
    size_t gap = SIZE_MAX; /* where "::" stands, in bytes */
    size_t i = 0u;
    bool ok = n >= 2u;
    if (ok && s[0] == ':') {
        ok = s[1] == ':';
        gap = 0u;
        i = 2u;
    }
    while (ok && i < n) {
        unsigned int value;
        size_t len = hex_group(&s[i], n - i, &value);
        if (i + len < n && s[i + len] == '.') {
            /* The dotted tail is worth two groups and ends the address. */
            ok = count <= 12u && ipv4_parse(&s[i], n - i, &bytes[count]);
            count += 4u;
            i = n;
        } else {
            ok = len >= 1u && len <= 4u && count <= 14u;
            if (ok) {
                bytes[count++] = (uint8_t)(value >> 8);
                bytes[count++] = (uint8_t)(value & 0xffu);
                i += len;
            }
            if (ok && i < n) {
                /* a ':' and then a group, or a second ':' for the one "::" */
                ok = s[i] == ':' && i + 1u < n;
                i++;
                if (ok && s[i] == ':') {
                    ok = gap == SIZE_MAX;
                    gap = count;
                    i++;
                }
            }
        }
    }
    /* Without "::" all eight groups; with it, at least one left to stand for. */
    ok = ok && (gap == SIZE_MAX ? count == 16u : count <= 14u);
    if (ok) {
        size_t head = (gap == SIZE_MAX) ? count : gap;
        memset(out, 0, 16u);
        memcpy(out, bytes, head);
        memcpy(&out[16u - (count - head)], &bytes[head], count - head);
    }
    return ok;
}

/* Whether s[0..n) is made only of numbers as inet_aton() takes them (decimal,
 * octal with a leading 0, hex after 0x), separated by dots, with perhaps one
 * trailing dot: text some resolver or URL parser reads as an IPv4 address,
 * whatever the count of parts. */
static bool numbers_and_dots(const char *s, size_t n)
{
    size_t i = 0u;
    bool numeric;
    if (n > 0u && s[n - 1u] == '.') {
        n--;
    }
    numeric = n > 0u;
    while (numeric && i < n) {
        size_t start = i;
        bool hex = n - i >= 2u && s[i] == '0' && (s[i + 1u] == 'x' || s[i + 1u] == 'X');
        if (hex) {
            i += 2u; /* inet_aton() takes a bare "0x" as 0 */
        }
        while (i < n && (hex ? wk_hex_digit_value(s[i]) >= 0 : wk_is_digit(s[i]))) {
            i++;
        }
        numeric = i > start && (i == n || (s[i] == '.' && i + 1u < n));
        i++;
    }
    return numeric;
}

/* see wk_endpoint.h */
wk_status_t wk_host_ip_literal(const char *host, size_t len, uint8_t addr[16], size_t *addr_len)
{
    wk_status_t status = WK_OK;
    if (host == NULL || addr == NULL || addr_len == NULL) {
        return WK_ERR_ARG;
    }
    *addr_len = 0u;
    if (memchr(host, ':', len) != NULL) {
        /* Every resolver reads a ':' as IPv6; it must be a plain one, and
         * without CONFIG_WK_IPV6 none is (refused, never taken for a name). */
        if (CONFIG_WK_IPV6 && ipv6_parse(host, len, addr)) {
            *addr_len = 16u;
        } else {
            status = WK_ERR_ENDPOINT;
        }
    } else if (ipv4_parse(host, len, addr)) {
        *addr_len = 4u;
    } else if (numbers_and_dots(host, len)) {
        status = WK_ERR_ENDPOINT;
    } else {
        /* a name */
    }
    return status;
}

/*
 * Offset of the first flaw in s[from..n), cut at @p sep into segments: a byte
 * @p byte_ok refuses, or a segment @p segment_ok refuses, blamed on its first
 * byte (an empty one on the separator after it, or before it at the end);
 * n when there is none.
 */
static size_t segments_flaw(const char *s, size_t from, size_t n, char sep, bool (*byte_ok)(char c),
                            bool (*segment_ok)(const char *seg, size_t len))
{
    size_t start = from;
    size_t flaw = n;
    size_t i;
    for (i = from; i <= n && flaw == n; i++) {
        if (i == n || s[i] == sep) {
            size_t len = i - start;
            if (!segment_ok(&s[start], len)) {
                flaw = (len > 0u) ? start : ((i < n) ? i : n - 1u);
            }
            start = i + 1u;
        } else if (!byte_ok(s[i])) {
            flaw = i;
        } else {
            /* a byte of the segment */
        }
    }
    return flaw;
}

/* Host name: dot-separated labels of letters, digits, '-' and '_' (service
 * names in test set-ups use it), 1..63 bytes, no '-' at either end. */
static bool is_host_byte(char c)
{
    return wk_is_alnum(c) || c == '-' || c == '_';
}

static bool is_host_label(const char *label, size_t len)
{
    return len > 0u && len <= DNS_LABEL_MAX && label[0] != '-' && label[len - 1u] != '-';
}

/* Scheme and the byte checks that hold for the whole URL. */
static wk_status_t parse_scheme(const char *url, size_t n, wk_endpoint_t *out, size_t *after,
                                wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    size_t i;
    for (i = 0u; i < n && status == WK_OK; i++) {
        unsigned char c = (unsigned char)url[i];
        if (c <= 0x20u || c >= 0x7fu) {
            status = WK_ERR_ENDPOINT;
            url_error(diag, "has a non-visible-ASCII byte", i);
        } else if (c == '?' || c == '#') {
            status = WK_ERR_ENDPOINT;
            url_error(diag, (c == '?') ? "has a query" : "has a fragment", i);
        } else {
            /* ordinary byte */
        }
    }
    if (status == WK_OK) {
        if (n >= 8u && wk_ieq(url, 8u, "https://")) {
            out->tls = true;
            out->port = HTTPS_DEFAULT_PORT;
            *after = 8u;
        } else if (n >= 7u && wk_ieq(url, 7u, "http://")) {
            out->tls = false;
            out->port = HTTP_DEFAULT_PORT;
            *after = 7u;
        } else {
            status = WK_ERR_ENDPOINT;
            wk_diag_str(diag, "endpoint URL not https:// or http://");
        }
    }
    return status;
}

static wk_status_t parse_port(const char *s, size_t n, size_t offset, wk_endpoint_t *out,
                              wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    uint32_t value = 0u;
    size_t i = 0u;
    while (i < n && i < 6u && wk_is_digit(s[i])) {
        value = value * 10u + (uint32_t)(s[i] - '0');
        i++;
    }
    if (n == 0u || i < n || value == 0u || value > 65535u) {
        status = WK_ERR_ENDPOINT;
        url_error(diag, "port not 1..65535", offset);
    } else {
        /* A port equal to the scheme's default is not sent in Host, as
         * URL parsers and the AWS SDKs normalise it away. */
        out->port_explicit = (value != out->port);
        out->port = (uint16_t)value;
    }
    return status;
}

/* s[0..n) into dst (cap bytes, NUL included), or WK_ERR_NO_SPACE naming the
 * part of the URL and the option that limits it. */
static wk_status_t store(char *dst, size_t cap, const char *s, size_t n, const char *what,
                         const char *option, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    if (n >= cap) {
        status = WK_ERR_NO_SPACE;
        wk_diag_fmt(diag, WK_DIAG_SIZE, what, (unsigned long long)n, option,
                    (unsigned long long)cap - 1u);
    } else {
        memcpy(dst, s, n);
        dst[n] = '\0';
    }
    return status;
}

static wk_status_t store_host(const char *host, size_t n, size_t offset, bool ipv6,
                              wk_endpoint_t *out, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    uint8_t addr[16];
    size_t addr_len = 0u;
    wk_status_t literal = wk_host_ip_literal(host, n, addr, &addr_len);
    size_t flaw =
        (n > 0u && !ipv6) ? segments_flaw(host, 0u, n, '.', is_host_byte, is_host_label) : n;
    if (n == 0u) {
        status = WK_ERR_ENDPOINT;
        url_error(diag, "has no host", offset);
    } else if (ipv6 && !CONFIG_WK_IPV6) {
        status = WK_ERR_ENDPOINT;
        url_error(diag, "has an IPv6 literal (CONFIG_WK_IPV6 is off)", offset);
    } else if (ipv6 && addr_len != 16u) {
        status = WK_ERR_ENDPOINT;
        url_error(diag, "has a malformed IPv6 literal", offset);
    } else if (flaw < n) {
        status = WK_ERR_ENDPOINT;
        url_error(diag, "has a malformed host", offset + flaw);
    } else if (literal != WK_OK) {
        /* "0x7f.1", "127.000.0.1": resolvers disagree on what they mean. */
        status = WK_ERR_ENDPOINT;
        url_error(diag, "host is non-canonical IPv4", offset);
    } else {
        status = store(out->host, sizeof(out->host), host, n, "endpoint URL host", "CONFIG_WK_HOST_MAX",
                       diag);
    }
    return status;
}

/* host, [IPv6] or either with :port, in url[start..end). */
static wk_status_t parse_authority(const char *url, size_t start, size_t end, wk_endpoint_t *out,
                                   wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    size_t host_start = start;
    size_t host_end = start;
    size_t port_at = end;
    bool ipv6 = url[start] == '[';
    const char *at = memchr(&url[start], '@', end - start);
    if (at != NULL) {
        status = WK_ERR_ENDPOINT;
        url_error(diag, "has user information", (size_t)(at - url));
    } else if (ipv6) {
        const char *close = memchr(&url[start], ']', end - start);
        host_start = start + 1u;
        host_end = (close != NULL) ? (size_t)(close - url) : end;
        port_at = (close != NULL) ? host_end + 1u : end;
        if (close == NULL || (port_at < end && url[port_at] != ':')) {
            status = WK_ERR_ENDPOINT;
            url_error(diag, "has a malformed IPv6 literal", start);
        }
    } else {
        while (host_end < end && url[host_end] != ':') {
            host_end++;
        }
        port_at = host_end;
    }
    if (status == WK_OK) {
        status = store_host(&url[host_start], host_end - host_start, host_start, ipv6, out, diag);
    }
    if (status == WK_OK && port_at < end) {
        status = parse_port(&url[port_at + 1u], end - port_at - 1u, port_at + 1u, out, diag);
    }
    return status;
}

/* The path becomes the front of every request's canonical URI, so only
 * unreserved bytes and non-empty segments other than "." and ".." are taken:
 * those sign the same way whichever side normalises them. */
static bool is_path_byte(char c)
{
    return wk_is_unreserved(c);
}

static bool is_path_segment(const char *seg, size_t len)
{
    return len > 2u || (len > 0u && memcmp(seg, "..", len) != 0);
}

static wk_status_t parse_path(const char *url, size_t start, size_t n, wk_endpoint_t *out,
                              wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    const char *path = &url[start];
    size_t len = n - start;
    size_t flaw;
    /* One trailing '/' is how many people write a base URL; it is not a segment. */
    if (len > 0u && path[len - 1u] == '/') {
        len--;
    }
    flaw = (len == 0u) ? 0u : segments_flaw(path, 1u, len, '/', is_path_byte, is_path_segment);
    if (len > 0u && flaw < len) {
        status = WK_ERR_ENDPOINT;
        url_error(diag, "has a refused path segment or byte", start + flaw);
    } else {
        status = store(out->base_path, sizeof(out->base_path), path, len, "endpoint URL path",
                       "CONFIG_WK_ENDPOINT_PATH_MAX", diag);
    }
    return status;
}

static wk_status_t parse_url(const char *url, wk_endpoint_t *out, wk_diag_t *diag)
{
    size_t n = wk_strlen(url);
    size_t authority = 0u;
    size_t path;
    wk_status_t status = parse_scheme(url, n, out, &authority, diag);
    if (status == WK_OK) {
        const char *slash = memchr(&url[authority], '/', n - authority);
        path = (slash != NULL) ? (size_t)(slash - url) : n;
        status = parse_authority(url, authority, path, out, diag);
        if (status == WK_OK) {
            status = parse_path(url, path, n, out, diag);
        }
    }
    return status;
}

#if !CONFIG_WK_CUSTOM_ENDPOINT
/* see wk_internal.h */
wk_status_t wk_endpoint_resolve_url(const char *url, wk_endpoint_t *out, wk_diag_t *diag)
{
    wk_status_t status;
    wk_diag_clear(diag);
    memset(out, 0, sizeof(*out));
    status = parse_url(url, out, diag);
    if (status != WK_OK) {
        memset(out, 0, sizeof(*out));
    }
    return status;
}
#endif

/* see wk_endpoint.h */
wk_status_t wk_endpoint_resolve(const wk_endpoint_params_t *params, wk_endpoint_t *out,
                                wk_diag_t *diag)
{
    wk_status_t status = WK_ERR_ENDPOINT_CONFIG;
    wk_diag_clear(diag);
    if (params == NULL || out == NULL) {
        status = WK_ERR_ARG;
        wk_diag_str(diag, "endpoint: NULL argument");
    } else {
        memset(out, 0, sizeof(*out));
        out->port = HTTPS_DEFAULT_PORT;
        out->tls = true;
        /* What the build left out is refused first, naming the option;
         * then the rule set's order: a custom endpoint wins and ignores Region. */
        if (!CONFIG_WK_CUSTOM_ENDPOINT && params->endpoint_url != NULL) {
            wk_diag_str(diag, "endpoint_url: CONFIG_WK_CUSTOM_ENDPOINT is off");
        } else if (!CONFIG_WK_ENDPOINT_VARIANTS && (params->use_fips || params->use_dualstack)) {
            wk_diag_str(diag, "use_fips, use_dualstack: CONFIG_WK_ENDPOINT_VARIANTS is off");
        } else if (params->endpoint_url != NULL && params->use_fips) {
            wk_diag_str(diag, RULE_FIPS_CUSTOM);
        } else if (params->endpoint_url != NULL && params->use_dualstack) {
            wk_diag_str(diag, RULE_DUALSTACK_CUSTOM);
        } else if (params->endpoint_url != NULL) {
            status = parse_url(params->endpoint_url, out, diag);
        } else if (params->region == NULL) {
            wk_diag_str(diag, RULE_MISSING_REGION);
        } else {
            status = check_region(params->region, diag);
            if (status == WK_OK) {
                status = resolve_region(params, out, diag);
            }
        }
        if (status != WK_OK) {
            /* Leave nothing that looks like a usable endpoint. */
            memset(out, 0, sizeof(*out));
        }
    }
    return status;
}

static bool host_is_ipv6(const wk_endpoint_t *ep)
{
    return memchr(ep->host, ':', wk_strlen(ep->host)) != NULL;
}

static void put_authority(wk_text_t *w, const wk_endpoint_t *ep)
{
    /* Without CONFIG_WK_IPV6 no endpoint has an IPv6 host to bracket. */
    bool ipv6 = CONFIG_WK_IPV6 && host_is_ipv6(ep);
    if (ipv6) {
        wk_text_put(w, "[", 1u);
    }
    wk_text_str(w, ep->host);
    if (ipv6) {
        wk_text_put(w, "]", 1u);
    }
    if (ep->port_explicit) {
        wk_text_put(w, ":", 1u);
        wk_text_u32(w, ep->port);
    }
}

/* see wk_endpoint.h */
wk_status_t wk_endpoint_authority(const wk_endpoint_t *ep, char *buf, size_t cap, size_t *len)
{
    wk_status_t status = WK_OK;
    wk_text_t w = {buf, cap, 0u};
    if (ep == NULL || buf == NULL || cap == 0u || len == NULL) {
        status = WK_ERR_ARG;
    } else {
        put_authority(&w, ep);
        *len = w.len;
        if (!wk_text_close(&w)) {
            status = WK_ERR_NO_SPACE;
        }
    }
    return status;
}

/* see wk_endpoint.h */
wk_status_t wk_endpoint_url(const wk_endpoint_t *ep, char *buf, size_t cap)
{
    wk_status_t status = WK_OK;
    wk_text_t w = {buf, cap, 0u};
    if (ep == NULL || buf == NULL || cap == 0u) {
        status = WK_ERR_ARG;
    } else {
        wk_text_str(&w, ep->tls ? "https://" : "http://");
        put_authority(&w, ep);
        wk_text_str(&w, ep->base_path);
        if (!wk_text_close(&w)) {
            status = WK_ERR_NO_SPACE;
        }
    }
    return status;
}
