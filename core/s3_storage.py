"""The private bucket's storage: a new file is one PUT that never replaces an existing one.

django-storages with `file_overwrite=False` asks the bucket whether a name is
taken (a HEAD) before every write, then uploads through s3transfer. For the
applicants' attachments, whose names are random, that was a second round
trip and most of the time their storing took (bench/full_stack_submission.py).
Here the write itself carries `If-None-Match: *`: the bucket stores the file
only if nothing has that name, atomically (no window between a check and the
write, as the HEAD had). Only when the bucket refuses (the name is taken) is a
free name looked for, as before (Django's numbered alternatives, with HEADs),
and the write tried again. So no file is ever replaced, and a free name costs
one request.

Conditional writes are S3's since 2024 (AWS, SeaweedFS, MinIO): an S3 server
that ignores `If-None-Match` would replace a file whose name is taken, so use
this backend only with one that honours it (tests/core/test_s3_storage.py
checks the project's test server does).
"""

from botocore.exceptions import ClientError
from django.core.files.utils import validate_file_name
from storages.backends.s3 import S3Storage
from storages.utils import ReadBytesWrapper, clean_name, is_seekable

_NAME_TAKEN = {"PreconditionFailed", "412", "ConditionalRequestConflict", "409"}
# Larger files go the usual way (a HEAD, then s3transfer's multipart upload) rather than whole in memory.
SINGLE_PUT_BYTES = 16 * 1024 * 1024


class NewFilesS3Storage(S3Storage):
    def get_available_name(self, name, max_length=None):
        if self.file_overwrite:
            return super().get_available_name(name, max_length)
        name = str(name).replace("\\", "/")
        validate_file_name(name, allow_relative_path=True)
        if max_length is not None and len(name) > max_length:  # shortened as Django does (rare: random names are short)
            return super().get_available_name(name, max_length)
        return name  # whether it is free is for the write to find out (below)

    def _save(self, name, content):
        size = getattr(content, "size", None)
        if self.file_overwrite or self.gzip or size is None or size > SINGLE_PUT_BYTES:
            if not self.file_overwrite:
                name = super().get_available_name(name)  # get_available_name above left it unchecked
            return super()._save(name, content)
        try:
            return self._put_new(name, content)
        except ClientError as error:
            if str(error.response.get("Error", {}).get("Code")) not in _NAME_TAKEN:
                raise
        # Taken: a free name, as django-storages would have found it, and the same conditional write.
        return self._put_new(super().get_available_name(name), content)

    def _put_new(self, name, content):
        cleaned_name = clean_name(name)
        key = self._normalize_name(cleaned_name)
        params = self._get_write_parameters(key, content)
        if is_seekable(content):
            content.seek(0)
        body = ReadBytesWrapper(content).read()  # at most SINGLE_PUT_BYTES: one request
        self.connection.meta.client.put_object(Bucket=self.bucket_name, Key=key, Body=body, IfNoneMatch="*", **params)
        return cleaned_name
