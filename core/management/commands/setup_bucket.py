import json

from botocore.exceptions import ClientError

from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError


def public_renditions_policy(bucket):
    """Anyone may read renditions (`images/`); nothing else in the bucket is public."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicRenditionsOnly",
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket}/images/*"],
            }
        ],
    }


class Command(BaseCommand):
    help = (
        "Make the media bucket ready: create it if it does not exist, and set the policy that "
        "publishes renditions (images/) and nothing else (originals stay private). Run once "
        "per bucket, after setting AWS_STORAGE_BUCKET_NAME; the same policy is in "
        "deploy/s3-bucket-policy.json for consoles (AWS S3, Cloudflare R2, MinIO)."
    )

    def handle(self, *args, **options):
        storage = storages["default"]
        if not hasattr(storage, "bucket_name"):
            raise CommandError(
                "Media is not in an S3-compatible bucket: set AWS_STORAGE_BUCKET_NAME first."
            )
        client = storage.connection.meta.client
        bucket = storage.bucket_name
        try:
            client.head_bucket(Bucket=bucket)
        except ClientError:
            client.create_bucket(Bucket=bucket)
            self.stdout.write(f"Created the bucket {bucket}.")
        client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_renditions_policy(bucket)))
        self.stdout.write(f"The bucket {bucket} publishes images/ (renditions) only.")
