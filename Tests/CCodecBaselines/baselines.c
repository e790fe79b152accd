#include "CCodecBaselines.h"

#include <pthread.h>
#include <stdlib.h>
#include <stdbool.h>
#include <opus/opus.h>
#include <spandsp/telephony.h>
#include <spandsp/g711.h>
#include <spandsp/g722.h>
#include <spandsp/plc.h>
#include <srtp2/srtp.h>

struct ccb_opus {
    OpusEncoder *encoder;
    OpusDecoder *decoder;
    int channels;
};

ccb_opus *ccb_opus_create(const ccb_opus_settings *s) {
    ccb_opus *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    int error = 0;
    c->channels = s->channels;
    c->encoder = opus_encoder_create(s->sample_rate, s->channels, OPUS_APPLICATION_VOIP, &error);
    if (error == OPUS_OK) c->decoder = opus_decoder_create(s->sample_rate, s->channels, &error);
    if (error == OPUS_OK) {
        OpusEncoder *e = c->encoder;
        int status = opus_encoder_ctl(e, OPUS_SET_BITRATE(s->bitrate));
        if (status == OPUS_OK) status = opus_encoder_ctl(e, OPUS_SET_COMPLEXITY(s->complexity));
        if (status == OPUS_OK) status = opus_encoder_ctl(e, OPUS_SET_VBR(s->vbr));
        if (status == OPUS_OK) status = opus_encoder_ctl(e, OPUS_SET_INBAND_FEC(s->inband_fec));
        if (status == OPUS_OK) status = opus_encoder_ctl(e, OPUS_SET_DTX(s->dtx));
        if (status == OPUS_OK) status = opus_encoder_ctl(e, OPUS_SET_PACKET_LOSS_PERC(s->loss_percent));
        if (status == OPUS_OK) status = opus_encoder_ctl(e, OPUS_SET_MAX_BANDWIDTH(s->max_bandwidth));
        if (status == OPUS_OK) status = opus_encoder_ctl(e, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
        error = status;
    }
    if (error != OPUS_OK) {
        ccb_opus_destroy(c);
        return NULL;
    }
    return c;
}

void ccb_opus_destroy(ccb_opus *c) {
    if (!c) return;
    if (c->encoder) opus_encoder_destroy(c->encoder);
    if (c->decoder) opus_decoder_destroy(c->decoder);
    free(c);
}

int ccb_opus_frame(ccb_opus *c, const int16_t *pcm, int samples_per_channel, uint8_t *payload, int payload_capacity,
                   int *payload_length, int16_t *out, int out_capacity_per_channel) {
    int n = opus_encode(c->encoder, pcm, samples_per_channel, payload, payload_capacity);
    if (n < 0) return n;
    *payload_length = n;
    return opus_decode(c->decoder, payload, n, out, out_capacity_per_channel, 0);
}

struct ccb_g722 {
    g722_encode_state_t *encoder;
    g722_decode_state_t *decoder;
    plc_state_t *plc;
};

ccb_g722 *ccb_g722_create(void) {
    ccb_g722 *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->encoder = g722_encode_init(NULL, 64000, 0);
    c->decoder = g722_decode_init(NULL, 64000, 0);
    c->plc = plc_init(NULL);
    if (!c->encoder || !c->decoder || !c->plc) {
        ccb_g722_destroy(c);
        return NULL;
    }
    return c;
}

void ccb_g722_destroy(ccb_g722 *c) {
    if (!c) return;
    if (c->encoder) g722_encode_free(c->encoder);
    if (c->decoder) g722_decode_free(c->decoder);
    if (c->plc) plc_free(c->plc);
    free(c);
}

int ccb_g722_frame(ccb_g722 *c, const int16_t *pcm, int samples, uint8_t *payload, int16_t *out) {
    int bytes = g722_encode(c->encoder, payload, pcm, samples);
    int decoded = g722_decode(c->decoder, out, payload, bytes);
    plc_rx(c->plc, out, decoded);
    return decoded;
}

struct ccb_g711 {
    g711_state_t *codec;
    plc_state_t *plc;
};

ccb_g711 *ccb_g711_create(int alaw) {
    ccb_g711 *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->codec = g711_init(NULL, alaw ? G711_ALAW : G711_ULAW);
    c->plc = plc_init(NULL);
    if (!c->codec || !c->plc) {
        ccb_g711_destroy(c);
        return NULL;
    }
    return c;
}

void ccb_g711_destroy(ccb_g711 *c) {
    if (!c) return;
    if (c->codec) g711_free(c->codec);
    if (c->plc) plc_free(c->plc);
    free(c);
}

int ccb_g711_frame(ccb_g711 *c, const int16_t *pcm, int samples, uint8_t *payload, int16_t *out) {
    int bytes = g711_encode(c->codec, payload, pcm, samples);
    int decoded = g711_decode(c->codec, out, payload, bytes);
    plc_rx(c->plc, out, decoded);
    return decoded;
}

struct ccb_srtp {
    srtp_t sender;
    srtp_t receiver;
};

static bool ccb_srtp_policy(srtp_policy_t *policy, int suite) {
    switch (suite) {
    case CCB_SRTP_AES_CM_128_HMAC_SHA1_80:
        srtp_crypto_policy_set_rtp_default(&policy->rtp);
        srtp_crypto_policy_set_rtcp_default(&policy->rtcp);
        return true;
    case CCB_SRTP_AES_CM_128_HMAC_SHA1_32:
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy->rtp);
        srtp_crypto_policy_set_rtcp_default(&policy->rtcp);
        return true;
    case CCB_SRTP_AEAD_AES_128_GCM:
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy->rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy->rtcp);
        return true;
    case CCB_SRTP_AEAD_AES_256_GCM:
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy->rtp);
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy->rtcp);
        return true;
    default:
        return false;
    }
}

static srtp_t ccb_srtp_session(int suite, const uint8_t *key_and_salt, int window, srtp_ssrc_type_t type) {
    srtp_policy_t policy = {0};
    if (!ccb_srtp_policy(&policy, suite)) return NULL;
    policy.ssrc.type = type;
    policy.key = (unsigned char *)key_and_salt;
    policy.window_size = (unsigned long)window;
    policy.allow_repeat_tx = 0;
    srtp_t session = NULL;
    return srtp_create(&session, &policy) == srtp_err_status_ok ? session : NULL;
}

static void ccb_srtp_init(void) {
    // The binding may have run srtp_init already; a second call answers with an error though the
    // library is ready, and srtp_create below fails if it is not.
    (void)srtp_init();
}

ccb_srtp *ccb_srtp_create(int suite, const uint8_t *key_and_salt, int window) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, ccb_srtp_init);
    ccb_srtp *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->sender = ccb_srtp_session(suite, key_and_salt, window, ssrc_any_outbound);
    s->receiver = ccb_srtp_session(suite, key_and_salt, window, ssrc_any_inbound);
    if (!s->sender || !s->receiver) {
        ccb_srtp_destroy(s);
        return NULL;
    }
    return s;
}

void ccb_srtp_destroy(ccb_srtp *s) {
    if (!s) return;
    if (s->sender) srtp_dealloc(s->sender);
    if (s->receiver) srtp_dealloc(s->receiver);
    free(s);
}

int ccb_srtp_round_trip(ccb_srtp *s, uint8_t *packet, int length) {
    int len = length;
    srtp_err_status_t status = srtp_protect(s->sender, packet, &len);
    if (status != srtp_err_status_ok) return -(int)status;
    status = srtp_unprotect(s->receiver, packet, &len);
    if (status != srtp_err_status_ok) return -(int)status;
    return len;
}
