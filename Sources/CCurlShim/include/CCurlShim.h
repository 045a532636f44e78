#ifndef TICKETD_CCURLSHIM_H
#define TICKETD_CCURLSHIM_H

/*
 * Typed wrappers for libcurl's variadic calls, which Swift cannot call directly.
 * One function per argument type; each returns libcurl's result unchanged.
 */

#include <curl/curl.h>

/* The signature libcurl uses for CURLOPT_WRITEFUNCTION, CURLOPT_HEADERFUNCTION and CURLOPT_READFUNCTION. */
typedef size_t (*ticketd_curl_data_callback)(char *buffer, size_t size, size_t count, void *context);

CURLcode ticketd_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ticketd_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ticketd_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ticketd_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode ticketd_curl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
/* For CURLOPT_WRITEFUNCTION, CURLOPT_HEADERFUNCTION and CURLOPT_READFUNCTION. */
CURLcode ticketd_curl_setopt_data_callback(CURL *handle, CURLoption option, ticketd_curl_data_callback callback);

/* For CURLOPT_PREREQFUNCTION (libcurl 7.80+): called once the connection is set up (for SMTP after
 * EHLO, STARTTLS and AUTH), before the request is sent; CURL_PREREQFUNC_ABORT stops the transfer. */
typedef int (*ticketd_curl_prereq_callback)(void *context, char *primary_ip, char *local_ip, int primary_port, int local_port);
CURLcode ticketd_curl_setopt_prereq_callback(CURL *handle, ticketd_curl_prereq_callback callback);

CURLcode ticketd_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);
/* The string stays owned by libcurl and valid until the handle is changed or cleaned up. */
CURLcode ticketd_curl_getinfo_string(CURL *handle, CURLINFO info, const char **value);

/* curl_global_init(CURL_GLOBAL_ALL); call once, before any other thread uses libcurl. */
CURLcode ticketd_curl_global_init(void);

/* CURLUSESSL_ALL as a long, for CURLOPT_USE_SSL. */
long ticketd_curl_usessl_all(void);

#endif
