/* SPDX-License-Identifier: Apache-2.0 */
/* The client's certificate and key for mutual TLS; see wk_tls_mbedtls.h. */
#include "wk_tls_mbedtls.h"

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/pk.h"

/* What failed, naming the source (a file's name, or "in memory") and mbedTLS's reason. */
static wk_status_t refused(wk_diag_t *diag, const char *what, const char *file, int ret)
{
    wk_diag_str(diag, what);
    wk_diag_str(diag, (file != NULL) ? " file " : " in memory");
    wk_diag_str(diag, file);
    wk_diag_str(diag, ": ");
    wk_tls_diag_mbedtls(diag, ret);
    return WK_ERR_CREDENTIALS_SOURCE;
}

static int parse_cert(wk_tls_config_t *cfg, const wk_tls_client_cert_t *c)
{
    if (c->cert_file == NULL) {
        return mbedtls_x509_crt_parse(&cfg->own_cert, c->cert, c->cert_len);
    }
#if defined(MBEDTLS_FS_IO)
    return mbedtls_x509_crt_parse_file(&cfg->own_cert, c->cert_file);
#else
    return MBEDTLS_ERR_X509_FEATURE_UNAVAILABLE; /* no file system in this mbedTLS build */
#endif
}

static int parse_key(wk_tls_config_t *cfg, const wk_tls_client_cert_t *c)
{
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    if (c->key_file == NULL) {
        return mbedtls_pk_parse_key(&cfg->own_key, c->key, c->key_len, NULL, 0u,
                                    mbedtls_ctr_drbg_random, &cfg->drbg);
    }
#if defined(MBEDTLS_FS_IO)
    return mbedtls_pk_parse_keyfile(&cfg->own_key, c->key_file, NULL, mbedtls_ctr_drbg_random,
                                    &cfg->drbg);
#endif
#else
    if (c->key_file == NULL) {
        return mbedtls_pk_parse_key(&cfg->own_key, c->key, c->key_len, NULL, 0u);
    }
#if defined(MBEDTLS_FS_IO)
    return mbedtls_pk_parse_keyfile(&cfg->own_key, c->key_file, NULL);
#endif
#endif
#if !defined(MBEDTLS_FS_IO)
    return MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE;
#endif
}

static int check_pair(wk_tls_config_t *cfg)
{
#if MBEDTLS_VERSION_NUMBER >= 0x03000000
    return mbedtls_pk_check_pair(&cfg->own_cert.pk, &cfg->own_key, mbedtls_ctr_drbg_random, &cfg->drbg);
#else
    return mbedtls_pk_check_pair(&cfg->own_cert.pk, &cfg->own_key);
#endif
}

/* see wk_tls_mbedtls.h */
wk_status_t wk_tls_config_client_cert(wk_tls_config_t *cfg, const wk_tls_client_cert_t *cert,
                                      wk_diag_t *diag)
{
    int ret;
    if (cfg == NULL || cert == NULL || !cfg->ready) {
        return WK_ERR_ARG;
    }
    ret = parse_cert(cfg, cert);
    if (ret != 0) {
        return refused(diag, "client certificate", cert->cert_file, ret);
    }
    ret = parse_key(cfg, cert);
    if (ret != 0) {
        return refused(diag, "client private key", cert->key_file, ret);
    }
    ret = check_pair(cfg);
    if (ret != 0) {
        return refused(diag, "client private key (not the certificate's)", cert->key_file, ret);
    }
    ret = mbedtls_ssl_conf_own_cert(&cfg->conf, &cfg->own_cert, &cfg->own_key);
    if (ret != 0) {
        wk_diag_str(diag, "client certificate refused by the TLS configuration: ");
        wk_tls_diag_mbedtls(diag, ret);
        return WK_ERR_TLS;
    }
    return WK_OK;
}
