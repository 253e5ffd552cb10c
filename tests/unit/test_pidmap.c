/*
 * test_pidmap.c - the bitmap under both allocators: set/clear/test, free
 * counts, summaries, and the summary search agreeing with a plain scan on
 * random maps of every density.
 */
#include <errno.h>
#include <stdlib.h>

#include "tests/unit/harness.h"
#include "model/pidmap.h"

static struct pidmap_set set;

static void check_set(void)
{
	char msg[128];

	CU_ASSERT_EQUAL(pidmap_check(&set, msg, sizeof(msg)), 0);
}

static void test_set_clear_and_counts(void)
{
	pidmap_init(&set);
	CU_ASSERT_FALSE(pidmap_test(&set, 0));
	CU_ASSERT_EQUAL(pidmap_weight(&set), 0);
	CU_ASSERT_PTR_NULL(set.map[0].page);		/* lazy pages */
	CU_ASSERT_EQUAL(pidmap_test_and_set(&set, 5), 0);
	CU_ASSERT_EQUAL(pidmap_test_and_set(&set, 5), 1);
	CU_ASSERT_TRUE(pidmap_test(&set, 5));
	CU_ASSERT_EQUAL(set.map[0].nr_free, BITS_PER_PAGE - 1);
	CU_ASSERT_EQUAL(pidmap_test_and_set(&set, PID_MAX_LIMIT - 1), 0);
	CU_ASSERT_EQUAL(set.map[PIDMAP_ENTRIES - 1].nr_free, BITS_PER_PAGE - 1);
	CU_ASSERT_PTR_NULL(set.map[1].page);
	CU_ASSERT_EQUAL(pidmap_weight(&set), 2);
	pidmap_clear(&set, 5);
	pidmap_clear(&set, 5);				/* twice is harmless */
	CU_ASSERT_FALSE(pidmap_test(&set, 5));
	CU_ASSERT_EQUAL(pidmap_weight(&set), 1);
	check_set();
	pidmap_destroy(&set);
}

static void test_next_zero_and_next_set(void)
{
	unsigned int i;

	pidmap_init(&set);
	for (i = 0; i < 70; i++)
		pidmap_test_and_set(&set, i);
	CU_ASSERT_EQUAL(pidmap_next_zero(&set, 0, 100), 70);
	CU_ASSERT_EQUAL(pidmap_next_zero(&set, 0, 70), -1);
	CU_ASSERT_EQUAL(pidmap_next_zero(&set, 75, 100), 75);
	CU_ASSERT_EQUAL(pidmap_next_set(&set, 2, 100), 2);
	CU_ASSERT_EQUAL(pidmap_next_set(&set, 70, 100), -1);
	/* a full page is skipped by the page summary */
	for (i = BITS_PER_PAGE; i < 2 * BITS_PER_PAGE; i++)
		pidmap_test_and_set(&set, i);
	CU_ASSERT_EQUAL(set.map[1].nr_free, 0);
	CU_ASSERT_EQUAL(pidmap_next_zero(&set, BITS_PER_PAGE + 7, PID_MAX_LIMIT),
			2 * BITS_PER_PAGE);
	CU_ASSERT_EQUAL(pidmap_page_next_zero(&set.map[1], 0), BITS_PER_PAGE);
	CU_ASSERT_EQUAL(pidmap_page_next_zero(&set.map[2], 9), 9);
	pidmap_clear(&set, BITS_PER_PAGE + 4000);
	CU_ASSERT_EQUAL(pidmap_next_zero(&set, BITS_PER_PAGE, PID_MAX_LIMIT),
			BITS_PER_PAGE + 4000);
	CU_ASSERT_EQUAL(pidmap_next_set(&set, 100, PID_MAX_LIMIT), BITS_PER_PAGE);
	check_set();
	pidmap_destroy(&set);
}

/* Fill a random fraction, then compare both searches from many points. */
static void agree_at_density(unsigned int permille, unsigned int seed)
{
	unsigned int i, n;

	srand(seed);
	pidmap_init(&set);
	for (i = 0; i < 4 * BITS_PER_PAGE; i++)
		if ((unsigned int)rand() % 1000 < permille)
			pidmap_test_and_set(&set, i);
	check_set();
	for (n = 0; n < 2000; n++) {
		unsigned int from = (unsigned int)rand() % (5 * BITS_PER_PAGE);
		unsigned int end = from + (unsigned int)rand() % (3 * BITS_PER_PAGE);
		int a = pidmap_next_zero(&set, from, end);
		int b = pidmap_next_zero_flat(&set, from, end);

		CU_ASSERT_EQUAL(a, b);
		if (a != b)
			break;
	}
	pidmap_destroy(&set);
}

static void test_summary_search_agrees_with_plain_scan(void)
{
	agree_at_density(0, 1);
	agree_at_density(500, 2);
	agree_at_density(900, 3);
	agree_at_density(990, 4);
	agree_at_density(999, 5);
	agree_at_density(1000, 6);
}

int main(void)
{
	static const struct test_case cases[] = {
		{ "set, clear and counts", test_set_clear_and_counts },
		{ "next zero and next set", test_next_zero_and_next_set },
		{ "summary search agrees with plain scan", test_summary_search_agrees_with_plain_scan },
		{ NULL, NULL },
	};

	return run_suite("pidmap", cases);
}
