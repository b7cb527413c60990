package io.eventwire.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * A non-unique index for mongo-java-server, which ignores the non-unique indexes it is asked for and
 * scans the whole collection for every query: the documents by the value of the index's first field,
 * used for queries that ask for a boolean value of that field. The relay's pending query
 * ({@code published: false, failed: false}, in write order) then reads the pending entries only, as
 * a real MongoDB reads the {@code (published, failed, seq, writer_seq)} index's pending range,
 * instead of every published entry the retention keeps. The rest of the query (the other fields,
 * the order, the limit) is left to mongo-java-server, as without the index.
 */
final class LeadingFieldIndex extends Index<Integer> {

	private final String field;

	// Each document's position by its _id, so that a removed document's position can be returned.
	private final Map<Object, Integer> positions = new HashMap<>();

	private final Map<@Nullable Object, Set<Integer>> byValue = new HashMap<>();

	// A document holding an array in the field would match a query for one of its elements: the
	// index gives up rather than miss it.
	private boolean usable;

	LeadingFieldIndex(String name, List<IndexKey> keys, boolean sparse) {
		super(name, keys, sparse);
		this.field = keys.get(0).getKey();
		this.usable = !this.field.contains(".");
	}

	@Override
	public synchronized @Nullable Integer getPosition(Document document) {
		return this.positions.get(document.get("_id"));
	}

	@Override
	public void checkAdd(Document document, MongoCollection<Integer> collection) {
	}

	@Override
	public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
		this.positions.put(document.get("_id"), position);
		bucket(value(document)).add(position);
	}

	@Override
	public synchronized @Nullable Integer remove(Document document) {
		Integer position = this.positions.remove(document.get("_id"));
		if (position != null) {
			bucket(value(document)).remove(position);
		}
		return position;
	}

	@Override
	public synchronized boolean canHandle(Document query) {
		return this.usable && wanted(query, this.field) instanceof Boolean;
	}

	@Override
	public synchronized Iterable<Integer> getPositions(Document query) {
		return new ArrayList<>(bucket(wanted(query, this.field)));
	}

	@Override
	public synchronized long getCount() {
		return this.positions.size();
	}

	@Override
	public long getDataSize() {
		return 0;
	}

	@Override
	public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Integer> collection) {
	}

	@Override
	public synchronized void updateInPlace(Document oldDocument, Document newDocument, Integer position,
			MongoCollection<Integer> collection) {
		Object before = value(oldDocument);
		Object after = value(newDocument);
		if (!Objects.equals(before, after)) {
			bucket(before).remove(position);
			bucket(after).add(position);
		}
	}

	@Override
	public synchronized void drop() {
		this.positions.clear();
		this.byValue.clear();
	}

	private Set<Integer> bucket(@Nullable Object value) {
		return this.byValue.computeIfAbsent(value, (key) -> new LinkedHashSet<>());
	}

	private @Nullable Object value(Document document) {
		Object value = document.get(this.field);
		if (value instanceof Collection<?>) {
			this.usable = false;
		}
		return value;
	}

	/**
	 * @return the value the query asks the field to equal, at its top level or in an {@code $and}
	 */
	static @Nullable Object wanted(Document query, String field) {
		Object value = query.get(field);
		if (value != null && !(value instanceof Document)) {
			return value;
		}
		if (query.get("$and") instanceof List<?> conditions) {
			for (Object condition : conditions) {
				Object wanted = (condition instanceof Document document) ? wanted(document, field) : null;
				if (wanted != null) {
					return wanted;
				}
			}
		}
		return null;
	}

}
