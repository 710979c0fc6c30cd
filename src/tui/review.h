/* The read-only review browser (review.c). */
#ifndef KOLB_REVIEW_H
#define KOLB_REVIEW_H

#include "db.h"

/* Browse the sessions of db; source names what is reviewed (a file or the data folder). */
int review_main(struct db *db, const char *source);

#endif
