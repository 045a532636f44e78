#ifndef TICKETD_CCURL_SHIM_H
#define TICKETD_CCURL_SHIM_H
#include <curl/curl.h>
#endif
