package io.eventwire.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server with ordered indexes as far as the relay's reads need them, and a count of the
 * documents its queries read. mongo-java-server ignores non-unique indexes and reads every document
 * of a collection for every query; here a secondary index answers a query that fixes its leading
 * fields by equality (or {@code $in}), the index fixing the most of them is used, as a real server's
 * planner would, and {@code distinct} on the field after the fixed ones is answered from the index
 * alone, as a real server's DISTINCT_SCAN is. {@link #documentsRead()} counts the documents read
 * (a real server's docsExamined).
 */
final class ExaminingMemoryBackend extends MemoryBackend {

	private final AtomicLong documentsRead = new AtomicLong();

	private final Map<String, List<PrefixIndex>> indexes = new HashMap<>();

	long documentsRead() {
		return this.documentsRead.get();
	}

	void resetCount() {
		this.documentsRead.set(0);
	}

	@Override
	public MemoryDatabase openOrCreateDatabase(String databaseName) {
		return new MemoryDatabase(databaseName, getCursorRegistry()) {
			@Override
			protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
				return new ExaminedCollection(this, collectionName, options, getCursorRegistry());
			}

			@Override
			protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
					List<IndexKey> keys, boolean sparse) {
				List<PrefixIndex> siblings = indexes(databaseName + "." + collectionName);
				PrefixIndex index = new PrefixIndex(indexName, keys, sparse, siblings);
				siblings.add(index);
				return index;
			}
		};
	}

	private synchronized List<PrefixIndex> indexes(String namespace) {
		return this.indexes.computeIfAbsent(namespace, (name) -> new CopyOnWriteArrayList<>());
	}

	private final class ExaminedCollection extends MemoryCollection {

		private final String namespace;

		ExaminedCollection(MemoryDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
			super(database, name, options, cursors);
			this.namespace = database.getDatabaseName() + "." + name;
		}

		@Override
		protected Document getDocument(Integer position) {
			ExaminingMemoryBackend.this.documentsRead.incrementAndGet();
			return super.getDocument(position);
		}

		@Override
		protected de.bwaldvogel.mongo.backend.QueryResult matchDocuments(Document query, Document orderBy, int skip,
				int limit, int batchSize, Document fieldSelector) {
			// A collection scan: every document is read.
			ExaminingMemoryBackend.this.documentsRead.addAndGet(count());
			return super.matchDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
		}

		@Override
		public Document handleDistinct(Document query) {
			String key = (String) query.get("key");
			Document filter = (query.get("query") instanceof Document given) ? given : new Document();
			for (PrefixIndex index : indexes(this.namespace)) {
				List<Object> values = index.distinct(filter, key);
				if (values != null) {
					return new Document("values", values).append("ok", 1.0);
				}
			}
			return super.handleDistinct(query);
		}

	}

	/**
	 * The documents by the values of the index's fields; a query is answered for the leading fields it
	 * fixes, the rest left to mongo-java-server, as without the index.
	 */
	static final class PrefixIndex extends Index<Integer> {

		private final List<String> fields = new ArrayList<>();

		private final Map<Integer, List<Object>> keysByPosition = new LinkedHashMap<>();

		private final Map<Object, Integer> positionsById = new HashMap<>();

		private final List<PrefixIndex> siblings;

		PrefixIndex(String name, List<IndexKey> keys, boolean sparse, List<PrefixIndex> siblings) {
			super(name, keys, sparse);
			keys.forEach((key) -> this.fields.add(key.getKey()));
			this.siblings = siblings;
		}

		/** How many leading fields the query fixes by equality or $in. */
		int fixed(Document query) {
			int fixed = 0;
			for (String field : this.fields) {
				if (wanted(query, field) == null) {
					break;
				}
				fixed++;
			}
			return fixed;
		}

		@Override
		public synchronized boolean canHandle(Document query) {
			int fixed = fixed(query);
			return fixed > 0 && this.siblings.stream().noneMatch((other) -> other.fixed(query) > fixed);
		}

		@Override
		public synchronized Iterable<Integer> getPositions(Document query) {
			int fixed = fixed(query);
			List<Set<Object>> wanted = new ArrayList<>();
			for (int i = 0; i < fixed; i++) {
				wanted.add(wanted(query, this.fields.get(i)));
			}
			List<Integer> positions = new ArrayList<>();
			this.keysByPosition.forEach((position, values) -> {
				for (int i = 0; i < fixed; i++) {
					if (!wanted.get(i).contains(values.get(i))) {
						return;
					}
				}
				positions.add(position);
			});
			return positions;
		}

		/** The distinct values of {@code key} among the entries the filter fixes, or null if not answerable. */
		synchronized List<Object> distinct(Document filter, String key) {
			int fixed = fixed(filter);
			if (fixed >= this.fields.size() || !this.fields.get(fixed).equals(key) || filter.size() > fixed) {
				return null;
			}
			Set<Object> values = new LinkedHashSet<>();
			for (Integer position : getPositions(filter)) {
				values.add(this.keysByPosition.get(position).get(fixed));
			}
			return new ArrayList<>(values);
		}

		private static Set<Object> wanted(Document query, String field) {
			Object value = query.get(field);
			if (value instanceof Document condition) {
				return (condition.get("$in") instanceof List<?> list) ? new LinkedHashSet<>(list) : null;
			}
			if (value != null || query.containsKey(field)) {
				Set<Object> one = new LinkedHashSet<>();
				one.add(value);
				return one;
			}
			if (query.get("$and") instanceof List<?> conditions) {
				for (Object condition : conditions) {
					Set<Object> wanted = (condition instanceof Document document) ? wanted(document, field) : null;
					if (wanted != null) {
						return wanted;
					}
				}
			}
			return null;
		}

		@Override
		public synchronized Integer getPosition(Document document) {
			return this.positionsById.get(document.get("_id"));
		}

		@Override
		public void checkAdd(Document document, MongoCollection<Integer> collection) {
		}

		@Override
		public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
			this.positionsById.put(document.get("_id"), position);
			this.keysByPosition.put(position, values(document));
		}

		@Override
		public synchronized Integer remove(Document document) {
			Integer position = this.positionsById.remove(document.get("_id"));
			if (position != null) {
				this.keysByPosition.remove(position);
			}
			return position;
		}

		@Override
		public synchronized long getCount() {
			return this.keysByPosition.size();
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
			this.keysByPosition.put(position, values(newDocument));
		}

		@Override
		public synchronized void drop() {
			this.keysByPosition.clear();
			this.positionsById.clear();
		}

		private List<Object> values(Document document) {
			List<Object> values = new ArrayList<>(this.fields.size());
			this.fields.forEach((field) -> values.add(document.get(field)));
			return values;
		}

	}

}
