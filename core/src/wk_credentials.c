/* SPDX-License-Identifier: Apache-2.0 */
/* Credentials storage, the refresh policy and expiration times; see wk_credentials.h. */
#include <string.h>

#include "wk/wk_credentials.h"
#include "wk_internal.h"

static bool key_id_ok(const char *s, size_t n)
{
    size_t i;
    bool ok = n > 0u && n <= WK_SIGV4_ACCESS_KEY_MAX;
    for (i = 0u; ok && i < n; i++) {
        ok = wk_is_alnum((uint8_t)s[i]) || s[i] == '_';
    }
    return ok;
}

static bool visible_ascii(const char *s, size_t n)
{
    size_t i;
    bool ok = true;
    for (i = 0u; ok && i < n; i++) {
        ok = s[i] > ' ' && s[i] < 0x7f;
    }
    return ok;
}

static wk_status_t refuse(wk_diag_t *diag, const char *field, const char *why)
{
    wk_diag_str(diag, "credentials: ");
    wk_diag_str(diag, field);
    wk_diag_str(diag, why);
    return WK_ERR_CREDENTIALS;
}

/* see wk_credentials.h */
wk_status_t wk_credentials_set(wk_credentials_t *c, const char *key_id, size_t key_id_len,
                               const char *secret, size_t secret_len, const char *token,
                               size_t token_len, int64_t expiration, int64_t now, wk_diag_t *diag)
{
    wk_status_t status = WK_OK;
    wk_diag_clear(diag);
    if (c == NULL || (key_id == NULL && key_id_len > 0u) || (secret == NULL && secret_len > 0u) ||
        (token == NULL && token_len > 0u)) {
        return WK_ERR_ARG;
    }
    if (!key_id_ok(key_id, key_id_len)) {
        status = refuse(diag, "access key id", " is missing, longer than 128 bytes or not [A-Za-z0-9_]");
    } else if (secret_len == 0u || secret_len > WK_SIGV4_SECRET_MAX || !visible_ascii(secret, secret_len)) {
        status = refuse(diag, "secret access key", " is missing, longer than 128 bytes or not visible ASCII");
    } else if (token_len > (size_t)CONFIG_WK_SESSION_TOKEN_MAX) {
        status = refuse(diag, "session token", " is longer than CONFIG_WK_SESSION_TOKEN_MAX");
    } else if (!visible_ascii(token, token_len)) {
        status = refuse(diag, "session token", " is not visible ASCII");
    } else if (expiration <= now) {
        status = WK_ERR_CREDENTIALS_EXPIRED;
        wk_diag_str(diag, "credentials: expired on arrival, ");
        wk_diag_u64(diag, (uint64_t)(now - expiration));
        wk_diag_str(diag, " s ago");
    } else {
        (void)wk_credentials_wipe(c);
        memcpy(c->access_key_id, key_id, key_id_len);
        memcpy(c->secret_access_key, secret, secret_len);
        if (token_len > 0u) {
            memcpy(c->session_token, token, token_len);
        }
        c->expiration = expiration;
        c->stored_at = now;
        c->present = true;
    }
    return status;
}

/* see wk_credentials.h */
wk_status_t wk_credentials_wipe(wk_credentials_t *c)
{
    if (c == NULL) {
        return WK_ERR_ARG;
    }
    wk_port_zeroize(c, sizeof(*c));
    return WK_OK;
}

/* see wk_credentials.h */
wk_status_t wk_credentials_refresh_check(const wk_credentials_t *c, int64_t now, wk_refresh_t *need)
{
    int64_t lifetime;
    int64_t advisory;
    int64_t mandatory;
    if (c == NULL || need == NULL) {
        return WK_ERR_ARG;
    }
    if (!c->present || now >= c->expiration) {
        *need = WK_REFRESH_EXPIRED;
    } else if (c->expiration == WK_CREDENTIALS_NO_EXPIRY) {
        *need = WK_REFRESH_NONE;
    } else {
        /* Windows no wider than a quarter and a sixth of the lifetime, so
         * short-lived keys are still used for most of their life. */
        lifetime = (c->expiration > c->stored_at) ? c->expiration - c->stored_at : 0;
        advisory = (lifetime / 4 < WK_CREDENTIALS_ADVISORY_S) ? lifetime / 4 : WK_CREDENTIALS_ADVISORY_S;
        mandatory = (lifetime / 6 < WK_CREDENTIALS_MANDATORY_S) ? lifetime / 6
                                                                 : WK_CREDENTIALS_MANDATORY_S;
        if (c->expiration - now <= mandatory) {
            *need = WK_REFRESH_MANDATORY;
        } else if (c->expiration - now <= advisory) {
            *need = WK_REFRESH_ADVISORY;
        } else {
            *need = WK_REFRESH_NONE;
        }
    }
    return WK_OK;
}

/* see wk_credentials.h */
wk_status_t wk_credentials_sigv4(const wk_credentials_t *c, wk_sigv4_credentials_t *out)
{
    if (c == NULL || out == NULL) {
        return WK_ERR_ARG;
    }
    if (!c->present) {
        return WK_ERR_CREDENTIALS;
    }
    out->access_key_id = c->access_key_id;
    out->secret_access_key = c->secret_access_key;
    out->session_token = (c->session_token[0] != '\0') ? c->session_token : NULL;
    return WK_OK;
}

/* ---- ISO 8601 ---------------------------------------------------------------------- */

/* Reads n digits at *pos; false when one is not a digit. */
static bool digits(const char *s, size_t len, size_t *pos, size_t n, uint32_t *value)
{
    size_t i;
    bool ok = *pos + n <= len;
    *value = 0u;
    for (i = 0u; ok && i < n; i++) {
        ok = wk_is_digit((uint8_t)s[*pos + i]);
        *value = *value * 10u + (uint32_t)(s[*pos + i] - '0');
    }
    if (ok) {
        *pos += n;
    }
    return ok;
}

static bool expect(const char *s, size_t len, size_t *pos, char c)
{
    bool ok = *pos < len && s[*pos] == c;
    if (ok) {
        (*pos)++;
    }
    return ok;
}

/* see wk_credentials.h */
wk_status_t wk_iso8601_parse(const char *text, size_t len, int64_t *unix_seconds, wk_diag_t *diag)
{
    size_t pos = 0u;
    uint32_t year = 0u, month = 0u, day = 0u, hour = 0u, minute = 0u, second = 0u;
    uint32_t off_h = 0u, off_m = 0u;
    int64_t offset = 0;
    const char *why = NULL;
    wk_diag_clear(diag);
    if (text == NULL || unix_seconds == NULL) {
        return WK_ERR_ARG;
    }
    *unix_seconds = 0;
    if (!(digits(text, len, &pos, 4u, &year) && expect(text, len, &pos, '-') &&
          digits(text, len, &pos, 2u, &month) && expect(text, len, &pos, '-') &&
          digits(text, len, &pos, 2u, &day) && expect(text, len, &pos, 'T') &&
          digits(text, len, &pos, 2u, &hour) && expect(text, len, &pos, ':') &&
          digits(text, len, &pos, 2u, &minute) && expect(text, len, &pos, ':') &&
          digits(text, len, &pos, 2u, &second))) {
        why = "is not YYYY-MM-DDTHH:MM:SS";
    } else {
        if (expect(text, len, &pos, '.')) {
            size_t start = pos;
            while (pos < len && wk_is_digit((uint8_t)text[pos])) {
                pos++; /* a fraction of a second: the time is floored */
            }
            if (pos == start) {
                why = "has a '.' without digits";
            }
        }
        if (why != NULL) {
            /* reported below */
        } else if (expect(text, len, &pos, 'Z')) {
            /* UTC */
        } else if (pos < len && (text[pos] == '+' || text[pos] == '-')) {
            bool minus = text[pos] == '-';
            pos++;
            if (!(digits(text, len, &pos, 2u, &off_h) && expect(text, len, &pos, ':') &&
                  digits(text, len, &pos, 2u, &off_m)) || off_h > 23u || off_m > 59u) {
                why = "has a malformed UTC offset";
            }
            offset = (int64_t)(off_h * 3600u + off_m * 60u) * (minus ? -1 : 1);
        } else {
            why = "has no time zone (Z or +HH:MM)";
        }
    }
    if (why == NULL && pos != len) {
        why = "has bytes after the time";
    }
    if (why == NULL && (year < 1970u || month < 1u || month > 12u || day < 1u ||
                        day > wk_days_in_month(year, month) || hour > 23u || minute > 59u ||
                        second > 60u)) {
        why = "has a field out of range";
    }
    if (why != NULL) {
        wk_diag_str(diag, "expiration ");
        wk_diag_str(diag, why);
        wk_diag_str(diag, " at byte ");
        wk_diag_u64(diag, pos);
        return WK_ERR_CREDENTIALS_EXPIRATION;
    }
    if (second == 60u) {
        second = 59u; /* a leap second: its UTC seconds are those of :59 */
    }
    *unix_seconds = (int64_t)wk_days_from_civil(year, month, day) * 86400 +
                    (int64_t)(hour * 3600u + minute * 60u + second) - offset;
    return WK_OK;
}
