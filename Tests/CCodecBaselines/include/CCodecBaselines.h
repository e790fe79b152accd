// The C libraries called directly, with no Swift in between: the reference the binding tests
// (PESQ scores of the same samples) and the benchmarks (overhead within 5 %) compare against.
// Each "frame" function does what the matching Swift codec's encode plus decode does for one frame,
// and the SRTP round trip what SRTPContext's protect plus unprotect does for one packet.
#ifndef CCODEC_BASELINES_H
#define CCODEC_BASELINES_H
#include <stdint.h>

/// Encoder settings, applied with the same ctl calls and order as AudioCodecs.OpusCodec.
typedef struct {
    int sample_rate;
    int channels;
    int bitrate;        ///< bits per second, or -1000 (OPUS_AUTO)
    int complexity;
    int vbr;
    int inband_fec;
    int dtx;
    int loss_percent;
    int max_bandwidth;  ///< an OPUS_BANDWIDTH_* value
} ccb_opus_settings;

typedef struct ccb_opus ccb_opus;
/// A libopus encoder and decoder (OPUS_APPLICATION_VOIP, OPUS_SIGNAL_VOICE), or NULL.
ccb_opus *ccb_opus_create(const ccb_opus_settings *settings);
void ccb_opus_destroy(ccb_opus *codec);
/// opus_encode of one frame of `samples_per_channel`, then opus_decode of the payload into `out`
/// (room for `out_capacity_per_channel`). Returns the samples per channel decoded, or a negative
/// libopus error; `*payload_length` gets the payload's length.
int ccb_opus_frame(ccb_opus *codec, const int16_t *pcm, int samples_per_channel, uint8_t *payload, int payload_capacity,
                   int *payload_length, int16_t *out, int out_capacity_per_channel);

typedef struct ccb_g722 ccb_g722;
/// spandsp's G.722 encoder and decoder at 64 kbit/s and a concealment state, or NULL.
ccb_g722 *ccb_g722_create(void);
void ccb_g722_destroy(ccb_g722 *codec);
/// g722_encode of `samples` 16 kHz samples into `payload` (samples / 2 bytes), g722_decode into
/// `out`, then plc_rx over the decoded samples. Returns the samples decoded.
int ccb_g722_frame(ccb_g722 *codec, const int16_t *pcm, int samples, uint8_t *payload, int16_t *out);

typedef struct ccb_g711 ccb_g711;
/// spandsp's G.711 (`alaw` nonzero for A-law, else µ-law) and a concealment state, or NULL.
ccb_g711 *ccb_g711_create(int alaw);
void ccb_g711_destroy(ccb_g711 *codec);
/// g711_encode of `samples` 8 kHz samples into `payload`, g711_decode into `out`, then plc_rx.
/// Returns the samples decoded.
int ccb_g711_frame(ccb_g711 *codec, const int16_t *pcm, int samples, uint8_t *payload, int16_t *out);

/// The SRTP suites, in the order of SRTP.SRTPProfile's cases.
enum {
    CCB_SRTP_AES_CM_128_HMAC_SHA1_80 = 0,
    CCB_SRTP_AES_CM_128_HMAC_SHA1_32 = 1,
    CCB_SRTP_AEAD_AES_128_GCM = 2,
    CCB_SRTP_AEAD_AES_256_GCM = 3,
};

typedef struct ccb_srtp ccb_srtp;
/// A sending and a receiving libsrtp session (any SSRC, replay window `window`) keyed with
/// `key_and_salt` for `suite`, or NULL. Runs srtp_init on the first call.
ccb_srtp *ccb_srtp_create(int suite, const uint8_t *key_and_salt, int window);
void ccb_srtp_destroy(ccb_srtp *srtp);
/// srtp_protect of the RTP packet in `packet[0..<length]` (the buffer has room for the tag), then
/// srtp_unprotect of the result. Returns the length after unprotecting, or minus the failing
/// srtp_err_status_t.
int ccb_srtp_round_trip(ccb_srtp *srtp, uint8_t *packet, int length);

#endif
