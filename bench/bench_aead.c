/* SPDX-License-Identifier: Apache-2.0 */
/* What TLS record decryption alone costs with the mbedTLS the CLI links:
 *
 *   bench_aead CIPHER BYTES
 *
 * CIPHER is aes-128-gcm, aes-256-gcm or chacha20-poly1305 (the record
 * protections the stand-in can pick). BYTES of plaintext are sealed in
 * full-size TLS records (16 KiB, 13-byte additional data, 16-byte tag), then
 * opened again, every tag checked, as a TLS client opens what it receives.
 * Prints the median CPU time of 5 openings in microseconds. The end-to-end
 * benchmark sets it beside the CLI's own CPU time: it is a part of that time
 * which no change to wickr-lite's code can remove. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mbedtls/cipher.h>

#define RECORD 16384u
#define TAG 16u
#define ROUNDS 5

static long long cpu_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (long long)t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

static int by_value(const void *a, const void *b)
{
    long long x = *(const long long *)a;
    long long y = *(const long long *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    static const unsigned char key[32] = {1};
    unsigned char nonce[12] = {0};
    unsigned char aad[13] = {0};
    mbedtls_cipher_type_t type;
    mbedtls_cipher_context_t ctx;
    long long took[ROUNDS];
    size_t bytes;
    size_t records;
    unsigned char *plain;
    unsigned char *sealed;
    int round;
    if (argc != 3) {
        fprintf(stderr, "usage: bench_aead aes-128-gcm|aes-256-gcm|chacha20-poly1305 BYTES\n");
        return 2;
    }
    if (strcmp(argv[1], "aes-128-gcm") == 0) {
        type = MBEDTLS_CIPHER_AES_128_GCM;
    } else if (strcmp(argv[1], "aes-256-gcm") == 0) {
        type = MBEDTLS_CIPHER_AES_256_GCM;
    } else if (strcmp(argv[1], "chacha20-poly1305") == 0) {
        type = MBEDTLS_CIPHER_CHACHA20_POLY1305;
    } else {
        fprintf(stderr, "bench_aead: unknown cipher %s\n", argv[1]);
        return 2;
    }
    bytes = strtoul(argv[2], NULL, 10);
    records = (bytes + RECORD - 1u) / RECORD;
    plain = calloc(records, RECORD);
    sealed = calloc(records, RECORD + TAG);
    mbedtls_cipher_init(&ctx);
    if (records == 0u || plain == NULL || sealed == NULL ||
        mbedtls_cipher_setup(&ctx, mbedtls_cipher_info_from_type(type)) != 0 ||
        mbedtls_cipher_setkey(&ctx, key, (int)mbedtls_cipher_get_key_bitlen(&ctx),
                              MBEDTLS_ENCRYPT) != 0) {
        fprintf(stderr, "bench_aead: cannot set up %s for %s bytes\n", argv[1], argv[2]);
        return 1;
    }
    for (size_t i = 0; i < records; i++) {
        size_t len = i + 1u < records ? RECORD : bytes - i * RECORD;
        size_t olen = 0;
        memset(plain + i * RECORD, 'a' + (int)(i % 26u), len);
        nonce[11] = (unsigned char)i;
        if (mbedtls_cipher_auth_encrypt_ext(&ctx, nonce, sizeof(nonce), aad, sizeof(aad),
                                            plain + i * RECORD, len, sealed + i * (RECORD + TAG),
                                            RECORD + TAG, &olen, TAG) != 0) {
            fprintf(stderr, "bench_aead: sealing failed\n");
            return 1;
        }
    }
    if (mbedtls_cipher_setkey(&ctx, key, (int)mbedtls_cipher_get_key_bitlen(&ctx),
                              MBEDTLS_DECRYPT) != 0) {
        return 1;
    }
    for (round = 0; round < ROUNDS; round++) {
        long long t0 = cpu_us();
        for (size_t i = 0; i < records; i++) {
            size_t len = i + 1u < records ? RECORD : bytes - i * RECORD;
            size_t olen = 0;
            nonce[11] = (unsigned char)i;
            if (mbedtls_cipher_auth_decrypt_ext(&ctx, nonce, sizeof(nonce), aad, sizeof(aad),
                                                sealed + i * (RECORD + TAG), len + TAG,
                                                plain + i * RECORD, RECORD, &olen, TAG) != 0 ||
                olen != len) {
                fprintf(stderr, "bench_aead: record %zu did not open\n", i);
                return 1;
            }
        }
        took[round] = cpu_us() - t0;
    }
    qsort(took, ROUNDS, sizeof(took[0]), by_value);
    printf("%lld\n", took[ROUNDS / 2]);
    mbedtls_cipher_free(&ctx);
    free(plain);
    free(sealed);
    return 0;
}
