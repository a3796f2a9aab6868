#ifndef TOKENCTL_CURL_SHIM_H
#define TOKENCTL_CURL_SHIM_H

#include <stddef.h>

/* An HTTP exchange through the system libcurl, loaded with dlopen the first
 * time it is needed: commands that never touch the network do not load it. */

typedef struct {
    long status;            /* HTTP status, 0 when no response arrived */
    unsigned char *body;    /* the response body (malloc'd), NULL when empty */
    size_t body_length;
    int timed_out;          /* the request hit its timeout */
    char error[256];        /* why no response arrived ("" on success) */
} tokenctl_http_response;

/* 1 when libcurl could be loaded; otherwise 0 and the reason in `error`. */
int tokenctl_http_available(char *error, size_t error_size);

/* Performs one request. `headers` holds `count` "Name: value" strings. The
 * body may be empty. Bodies over `max_body` bytes are refused. Returns 1 when
 * a response (any status) arrived, 0 otherwise (see response->error). */
int tokenctl_http_perform(const char *method, const char *url, const char *const *headers, size_t count,
                          const unsigned char *body, size_t body_length, long timeout_ms, long connect_timeout_ms,
                          size_t max_body, tokenctl_http_response *response);

void tokenctl_http_response_free(tokenctl_http_response *response);

#endif
