package io.eventwire.internal;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A record's headers as text, decoded when first read: most handlers that take an event's metadata
 * never look at its headers, and decoding them for every event cost more than the rest of the
 * metadata. Unmodifiable; safe to share between threads (two threads reading it first may both
 * decode, to equal maps).
 */
public final class LazyHeaderMap extends AbstractMap<String, String> {

	private final Supplier<Map<String, String>> decoder;

	private volatile @Nullable Map<String, String> decoded;

	/**
	 * @param decoder decodes the headers into an unmodifiable map, once they are first read
	 */
	public LazyHeaderMap(Supplier<Map<String, String>> decoder) {
		this.decoder = decoder;
	}

	private Map<String, String> decoded() {
		Map<String, String> decoded = this.decoded;
		if (decoded == null) {
			decoded = Map.copyOf(this.decoder.get());
			this.decoded = decoded;
		}
		return decoded;
	}

	@Override
	public Set<Entry<String, String>> entrySet() {
		return decoded().entrySet();
	}

	@Override
	public @Nullable String get(Object key) {
		return decoded().get(key);
	}

	@Override
	public boolean containsKey(Object key) {
		return decoded().containsKey(key);
	}

	@Override
	public int size() {
		return decoded().size();
	}

}
