package io.eventwire.kafkaonly;

/**
 * The payload of a {@code step} event: the {@code seq}th step of {@code key}.
 *
 * @param key the event key
 * @param seq its position in the key's order, from 1
 */
public record Step(String key, int seq) {

	/**
	 * @return {@code key:seq}
	 */
	public String name() {
		return this.key + ":" + this.seq;
	}

}
