package io.eventwire.benchmarks;

import java.util.List;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;

/**
 * mongo-java-server's in-memory backend with the non-unique indexes it is asked for kept as
 * {@link LeadingFieldIndex}es, so that what a relay query costs the server depends on the pending
 * entries, as on a real MongoDB, and not on the published ones.
 */
final class IndexedMemoryBackend extends MemoryBackend {

	@Override
	public MemoryDatabase openOrCreateDatabase(String databaseName) {
		return new IndexedDatabase(databaseName, getCursorRegistry());
	}

	private static final class IndexedDatabase extends MemoryDatabase {

		IndexedDatabase(String databaseName, CursorRegistry cursorRegistry) {
			super(databaseName, cursorRegistry);
		}

		@Override
		protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
				List<IndexKey> keys, boolean sparse) {
			return new LeadingFieldIndex(indexName, keys, sparse);
		}

	}

}
