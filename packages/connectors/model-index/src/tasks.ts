/** Task strings written in model-index files mapped to Hugging Face pipeline tags where the match is clear. */
const HF_TASKS: Record<string, string> = {
  'object-detection': 'object-detection',
  'image-classification': 'image-classification',
  'multi-label-classification': 'image-classification',
  'instance-segmentation': 'image-segmentation',
  'semantic-segmentation': 'image-segmentation',
  'panoptic-segmentation': 'image-segmentation',
  'depth-estimation': 'depth-estimation',
  'image-caption': 'image-to-text',
  'text-recognition': 'image-to-text',
  'visual-question-answering': 'visual-question-answering',
  'image-retrieval': 'image-feature-extraction',
  'action-recognition': 'video-classification',
  'skeleton-based-action-recognition': 'video-classification',
  'animal-2d-keypoint': 'keypoint-detection',
  'body-2d-keypoint': 'keypoint-detection',
  'face-2d-keypoint': 'keypoint-detection',
  'fashion-2d-keypoint': 'keypoint-detection',
  'hand-2d-keypoint': 'keypoint-detection',
  'wholebody-2d-keypoint': 'keypoint-detection',
  'text2image': 'text-to-image',
  'text2video': 'text-to-video',
  'image-super-resolution': 'image-to-image',
  'image-restoration': 'image-to-image',
  'image-denoising': 'image-to-image',
  'denoising': 'image-to-image',
  'deblurring': 'image-to-image',
  'deraining': 'image-to-image',
  'colorization': 'image-to-image',
  'inpainting': 'image-to-image',
  'image2image': 'image-to-image',
  'jpeg-compression-artifact-reduction': 'image-to-image',
  'unconditional-gans': 'unconditional-image-generation',
};

/** Lower-case, dash-separated form of a free-text label (`Object Detection` -> `object-detection`). */
export function slugify(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The Hugging Face pipeline tag for a model-index task string, or its slug when no mapping is clear. */
export function toTaskTag(task: string): string {
  const slug = slugify(task);
  return HF_TASKS[slug] ?? slug;
}

/** Library name per well-known model-index namespace (repository name). */
export const LIBRARY_BY_NAMESPACE: Record<string, string> = {
  mmdetection: 'mmdet',
  mmdetection3d: 'mmdet3d',
  mmpretrain: 'mmpretrain',
  mmclassification: 'mmcls',
  mmsegmentation: 'mmseg',
  mmpose: 'mmpose',
  mmocr: 'mmocr',
  mmaction2: 'mmaction2',
  mmagic: 'mmagic',
  mmediting: 'mmedit',
  mmrotate: 'mmrotate',
  mmyolo: 'mmyolo',
  'pytorch-image-models': 'timm',
  timm: 'timm',
};
