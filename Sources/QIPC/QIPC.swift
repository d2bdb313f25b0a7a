// The kdb+ wire protocol: serialization of q values, message framing, compression.
import QCore
