package io.eventwire.dlq;

import java.util.List;

/**
 * One page of the service's pending dead letters, oldest first.
 *
 * @param deadLetters the dead letters of this page, with their payloads
 * @param page the page, from 0
 * @param size the page size asked for
 * @param total how many pending dead letters match the query, on all pages
 */
public record DeadLetterPage(List<DeadLetter> deadLetters, int page, int size, long total) {
}
