"""The content app's models: posts, their variants and images, campaigns, guideline rules, approval."""

from resonanz.content.models.approval import ApprovalDecision as ApprovalDecision
from resonanz.content.models.approval import ApprovalPolicy as ApprovalPolicy
from resonanz.content.models.approval import Decision as Decision
from resonanz.content.models.approval import PostComment as PostComment
from resonanz.content.models.posts import MAX_IMAGES as MAX_IMAGES
from resonanz.content.models.posts import MAX_TAGS as MAX_TAGS
from resonanz.content.models.posts import MAX_VARIANT_CHARS as MAX_VARIANT_CHARS
from resonanz.content.models.posts import Campaign as Campaign
from resonanz.content.models.posts import Language as Language
from resonanz.content.models.posts import Post as Post
from resonanz.content.models.posts import PostCheckRun as PostCheckRun
from resonanz.content.models.posts import PostImage as PostImage
from resonanz.content.models.posts import PostNetwork as PostNetwork
from resonanz.content.models.posts import PostStatus as PostStatus
from resonanz.content.models.posts import PostVariant as PostVariant
from resonanz.content.models.rules import MAX_RULES as MAX_RULES
from resonanz.content.models.rules import GuidelineRule as GuidelineRule
from resonanz.content.models.rules import RuleKind as RuleKind
from resonanz.content.models.rules import Severity as Severity
