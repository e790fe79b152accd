// Test-only access to libsrtp's AES-ICM and AES-GCM transforms with caller-chosen keys and IVs, so
// the RFC 3711 / RFC 6188 key-derivation and keystream vectors and the RFC 7714 transform vectors
// (all stated in session keys, below the public API's key derivation) can be checked against the
// library the stack uses.
#include <stdint.h>

/// Writes `len` bytes of AES-ICM keystream for `key_and_salt` (16+14 or 32+14 bytes, `key_len`)
/// with the 16-byte `iv` XORed onto the salt, as libsrtp's key derivation does. Returns 0 on success.
int srtp_vectors_icm_keystream(int key_len, const uint8_t *key_and_salt, const uint8_t *iv, uint8_t *out, uint32_t len);

/// AES-GCM encrypts `buf` in place under `key` (16 or 32 bytes) and the 12-byte `iv`, with `aad`,
/// and writes the 16-byte tag. Returns 0 on success.
int srtp_vectors_gcm_encrypt(int key_bytes, const uint8_t *key, const uint8_t *iv, const uint8_t *aad, uint32_t aad_len,
                             uint8_t *buf, uint32_t len, uint8_t *tag);
