#include "CSRTPVectorSupport.h"
#include <string.h>
#include <srtp2/srtp.h>
#include <srtp2/cipher.h>

// The caller initialises libsrtp first (the tests make an SRTPContext, which runs srtp_init once).
// libsrtp exports its cipher types but its installed headers do not declare them.
extern const srtp_cipher_type_t srtp_aes_icm_128;
extern const srtp_cipher_type_t srtp_aes_icm_256;
extern const srtp_cipher_type_t srtp_aes_gcm_128;
extern const srtp_cipher_type_t srtp_aes_gcm_256;

int srtp_vectors_icm_keystream(int key_len, const uint8_t *key_and_salt, const uint8_t *iv, uint8_t *out, uint32_t len) {
    srtp_cipher_t *c = NULL;
    const srtp_cipher_type_t *type = key_len == 30 ? &srtp_aes_icm_128 : &srtp_aes_icm_256;
    if (srtp_cipher_type_alloc(type, &c, key_len, 0) != srtp_err_status_ok) return -2;
    uint8_t v[16];
    memcpy(v, iv, 16);
    memset(out, 0, len);
    int rc = 0;
    if (srtp_cipher_init(c, key_and_salt) != srtp_err_status_ok) rc = -3;
    else if (srtp_cipher_set_iv(c, v, srtp_direction_encrypt) != srtp_err_status_ok) rc = -4;
    else if (srtp_cipher_encrypt(c, out, &len) != srtp_err_status_ok) rc = -5;
    srtp_cipher_dealloc(c);
    return rc;
}

int srtp_vectors_gcm_encrypt(int key_bytes, const uint8_t *key, const uint8_t *iv, const uint8_t *aad, uint32_t aad_len,
                             uint8_t *buf, uint32_t len, uint8_t *tag) {
    srtp_cipher_t *c = NULL;
    const srtp_cipher_type_t *type = key_bytes == 16 ? &srtp_aes_gcm_128 : &srtp_aes_gcm_256;
    // The GCM types take the key with its 12-byte salt; the salt is unused once the IV is given.
    uint8_t key_and_salt[44] = {0};
    memcpy(key_and_salt, key, key_bytes);
    if (srtp_cipher_type_alloc(type, &c, key_bytes + 12, 16) != srtp_err_status_ok) return -2;
    uint8_t v[12];
    memcpy(v, iv, 12);
    uint32_t tag_len = 16;
    // The NSS-backed GCM writes its tag after the ciphertext, as libsrtp's packet code leaves room for.
    uint8_t work[2048 + 16];
    if (len > 2048) { srtp_cipher_dealloc(c); return -8; }
    memcpy(work, buf, len);
    int rc = 0;
    if (srtp_cipher_init(c, key_and_salt) != srtp_err_status_ok) rc = -3;
    else if (srtp_cipher_set_iv(c, v, srtp_direction_encrypt) != srtp_err_status_ok) rc = -4;
    else if (srtp_cipher_set_aad(c, aad, aad_len) != srtp_err_status_ok) rc = -5;
    else if (srtp_cipher_encrypt(c, work, &len) != srtp_err_status_ok) rc = -6;
    else if (srtp_cipher_get_tag(c, tag, &tag_len) != srtp_err_status_ok) rc = -7;
    if (rc == 0) memcpy(buf, work, len);
    srtp_cipher_dealloc(c);
    return rc;
}
