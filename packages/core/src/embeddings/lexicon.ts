/**
 * Domain lexicon of the built-in embedder: ML tasks, modalities, application domains, dataset
 * families and architecture traits, each with the words people use for it (card words and the
 * plain-language words users type). Phrases are comma-separated; they are matched after stemming.
 * `@huggingface/tasks` adds every Hub task's official name, id and sub-tasks on top (see builtin.ts).
 */
export const CONCEPTS: Record<string, string> = {
  // ---- NLP / audio / general tasks ----
  'task:summarization':
    'summarization, summarise, summary, summaries, summarizer, condense, condensed, shorten, shorter version, tldr, tl dr, gist, digest, abstractive, extractive, precis, synopsis, recap, key points, boil down, brief overview, plain language, plain english, simplify, simplification, layman',
  'task:translation': 'translation, translate, translator, machine translation, mt, bilingual, multilingual translation, from english to, into french, into german, localization',
  'task:text-generation':
    'text generation, generate text, language model, llm, large language model, causal lm, gpt, autoregressive, completion, write text, writing assistant, story, essay, chatbot, chat, assistant, instruct, instruction following, conversational, dialogue, dialog',
  'task:question-answering': 'question answering, qa, answer questions, answering, extractive qa, squad, reading comprehension, faq',
  'task:text-classification': 'text classification, classify text, sentiment, sentiment analysis, opinion, polarity, emotion, review, spam, toxicity, intent, topic classification, nli, entailment',
  'task:token-classification': 'token classification, named entity, ner, entity recognition, entity extraction, pos tagging, part of speech, chunking',
  'task:fill-mask': 'fill mask, masked language, mlm, bert, cloze',
  'task:sentence-similarity': 'sentence similarity, semantic similarity, sentence embedding, text embedding, semantic search, paraphrase, similar sentences, retrieval embedding',
  'task:feature-extraction': 'feature extraction, embeddings, embedding, representation, encoder, features, backbone, pretrained backbone, foundation model',
  'task:automatic-speech-recognition': 'speech recognition, asr, speech to text, transcription, transcribe, dictation, spoken, voice to text, subtitles',
  'task:text-to-speech': 'text to speech, tts, speech synthesis, voice synthesis, read aloud, narrate, vocoder',
  'task:audio-classification': 'audio classification, sound classification, gender recognition, speaker identification, audio tagging, keyword spotting, sound event',
  'task:code-generation': 'code generation, write code, programming, coder, code completion, source code, python code',
  'task:table-question-answering': 'table question answering, tabular qa, spreadsheet',
  'task:tabular': 'tabular, tabular classification, tabular regression, structured data, csv, columns, xgboost, random forest, sklearn, gradient boosting, churn, fraud detection, credit scoring',

  // ---- vision: recognition ----
  'task:image-classification':
    'image labeling, picture classification, photo classification, scene recognition, object recognition, visual recognition, image tagging, backbone network, imagenet classifier, dog breeds, cat or dog, recognize, recognise, identify, identification, what object, what kind, kind of, species, breed, classify, classifying, classification, label an image, tag images, which category, categories, category, thousand categories, recognizer, recognizers, recognize pictures, image classification, classify images, classify photos, image classifier, image recognition, recognize objects in photos, what is in the picture, categorize pictures, label photos, label images, picture category, top 1 accuracy, top 5 accuracy, imagenet, imagenet 1k, cifar, cifar 10, cifar 100, image categories, photo tagging',
  'task:multi-label-classification': 'multi label classification, multi label, multiple labels, several tags per image, multi tag',
  'task:fine-grained': 'fine grained, bird species, cub 200, stanford cars, flower species, dog breeds, species identification, inshop, in shop',
  'task:zero-shot-image-classification': 'zero shot, zero-shot, matching against text, match images and text, text prompts as classes, open vocabulary recognition, without training labels, zero shot image classification, open vocabulary classification, clip, contrastive language image, image text matching',
  'task:object-detection':
    'detect, detects, object localisation, bounding-box, find things, locate things, detect items, product detection, vehicle detection, pedestrian detection, people detection, person detection, car detection, anchor boxes, detection transformer, find objects, where objects are, count objects, detecting, spotting, spot, localization, localisation, positions of objects, rectangle, rectangles, boxes, box, locate, object detection, detect objects, object detector, detector, detectors, detection, bounding box, bounding boxes, bbox, box ap, localize objects, locate objects, find objects, spot objects, draw boxes, boxes around, region proposal, rpn, anchor, anchor free, one stage, two stage, faster r cnn, yolo, retinanet, fcos, detr, ssd, real time detection',
  'task:instance-segmentation': 'mask per object, object masks, instance masks, segment objects, separate objects, individual masks, silhouette, silhouettes, individual thing, each thing, every individual, instance segmentation, mask ap, object masks, per object masks, segment each object, separate each object, mask r cnn, instance masks, individual objects outline, outline each object, outlines of objects',
  'task:semantic-segmentation':
    'pixel labels, labels per pixel, segmentation masks, region segmentation, road segmentation, scene segmentation, drivable area, lane segmentation, land cover mapping, medical segmentation, segment, segmenting, partition, parse, parsing, region labels, road and sky, sky, vegetation, buildings and roads, dense labelling, dense labeling, labelling, labeling, each pixel, every pixel, label each pixel, land cover, regions, semantic segmentation, segmentation, segment, pixel wise, pixel level, per pixel, dense prediction, label every pixel, pixel labels, pixel classification, scene parsing, scene understanding, miou, segmenter, segmentation map, masks',
  'task:panoptic-segmentation': 'everything in the scene, whole scene labelling, countable objects, amorphous, background regions, panoptic segmentation, panoptic, pq, things and stuff, stuff and things, unified segmentation',
  'task:oriented-object-detection': 'oriented object detection, rotated boxes, rotated bounding box, oriented boxes, rotation, arbitrary orientation, angled boxes, tilted boxes, rotated detection',
  'task:multi-object-tracking': 'object tracking, people tracking, vehicle tracking, multi target tracking, tracking by detection, identity, identities, keep identities, re identify, track ids, moving people, moving objects, trajectories, follow, following, consecutive frames, across frames, multi object tracking, multiple object tracking, tracking, tracker, track objects, follow objects, track people, mot, mota, idf1, hota, object trajectories, across frames',
  'task:video-instance-segmentation': 'each frame of a video, keep their identity, per frame masks, video object segmentation, video instance segmentation, youtube vis, segment objects in video, track and segment',
  'task:depth-estimation': 'depth map estimation, how deep, 3d depth, depth sensing, depth, 3d from a single image, distance estimation, depth prediction, range, how far, far away, distance, depth estimation, depth, monocular depth, how far, distance from camera, depth map, 3d structure from single image, nyu',
  'task:3d-object-detection': '3d detector, lidar object detection, point cloud object detection, autonomous driving perception, 3d perception, cars and pedestrians in 3d, 3d cars, objects in 3d, 3d positions, cuboids, furniture boxes, 3d object detection, 3d detection, 3d boxes, 3d bounding boxes, lidar detection, point cloud detection, monocular 3d, bird eye view, bev, voxel, pointpillars, second, centerpoint, nds',
  'task:3d-segmentation': 'point cloud labeling, lidar labeling, 3d scene parsing, per point labels, 3d semantic segmentation, point cloud segmentation, segment point clouds, 3d segmentation, lidar segmentation, s3di, scannet segmentation',
  'task:keypoint-detection':
    'body keypoints, human keypoints, skeleton tracking, motion capture, mocap, pose tracking, fitness tracking, exercise form, body pose, poses, pose estimation, skeleton, key points, landmarks, joints, limbs, wrists, elbows, knees, ankles, shoulders, joint, joint positions, posture, points on, keypoint detection, keypoint, keypoints, landmark, landmarks, pose estimation, pose, poses, pose estimator, joints, joint locations, skeleton, key points, body parts, posture, pck, oks, heatmap, heatmaps, top down, bottom up, articulated',
  'task:image-retrieval': 'image retrieval, retrieve similar images, image search, reverse image search, similar pictures, find similar photos, content based retrieval, recall at 1, metric learning, re identification',
  'task:cross-modal-retrieval': 'search photos, sentence describing them, using a sentence, image to text retrieval, text to image retrieval, cross modal retrieval, match captions, match pictures and sentences',
  'task:image-to-text': 'image to text, image description, photo captioning, describe what is in the image, sentence describing, describing a photo, write a sentence, image caption, image captioning, caption, captions, describe images, describe photos, describe pictures, image description, alt text, cider, bleu',
  'task:visual-question-answering': 'image question answering, visual chat, multimodal assistant, describe and answer, chat about an image, chat about images, talk about pictures, image chat, multimodal chat, visual assistant, ask questions about images, large language model with images, visual instruction, visual question answering, vqa, questions about images, ask about a picture, answer questions about photos, image question, nlvr, visual reasoning, reason about images',
  'task:visual-grounding': 'sentence refers to, refers to, referred, visual grounding, grounding, referring expression, refcoco, phrase grounding, locate described object, open set detection, open vocabulary detection, text prompt detection, grounded',
  'task:image-feature-extraction': 'patches, masking patches, hiding patches, reconstruct, reconstructing, reconstruction, masked patches, pretext task, pre trained without labels, representation learning, without human annotations, without annotations, no annotations, unlabelled, unlabeled, self supervised, self supervised learning, ssl, contrastive learning, pretext, masked image modeling, mae, moco, simclr, byol, dino, barlow twins, swav, linear probe, linear evaluation, unlabeled images, without labels, no labels',

  'task:monocular-3d': 'monocular 3d, monocular, single camera, single camera image, one camera, camera only, camera based 3d, image based 3d, from a single image in 3d, fcos3d, smoke, pgd, monoflex, imvoxelnet',
  'task:conditional-generation': 'class conditional, conditional gan, conditional gans, chosen class, class label, given class, category conditioned, conditioned on a label, biggan, sagan, sngan',

  // ---- vision: OCR / documents ----
  'task:text-detection': 'text localization, text localisation, detect text regions, find text, text boxes, writing appears, where writing, writing, text detection, detect text, find text regions, text regions, text lines, locate text, scene text detection, text spotting, hmean, curved text, arbitrary shaped text',
  'task:text-recognition': 'ocr model, read text, reading, scene text reading, license plates, words in images, character recognition model, transcribe printed, printed words, word images, cropped words, cropped word, recognize text, text reader, read text in images, characters in images, handwritten text, words on, read the words, shop fronts, signs, text recognition, ocr, optical character recognition, read text, reading text, recognize characters, character recognition, scene text recognition, word accuracy, word acc, transcribe text in images, license plate, read words',
  'task:key-information-extraction': 'till slips, till slip, shop name, key information extraction, information extraction, kie, extract fields, receipts, receipt, invoice, invoices, forms, form understanding, wildreceipt, sroie, document fields',

  // ---- vision: video ----
  'task:action-recognition':
    'video understanding, recognise actions, activity detection, human activity, what happens in a video, video tagging, video categorization, gesture recognition, sport, sports, playing, which sport, exercise, dancing, cooking, movement, motion recognition, behaviour, behavior, activity classification, doing, what is the person doing, short clip, action recognition, recognize actions, recognise actions, human actions, activity recognition, activity, activities, what people are doing, what is happening in video, video classification, classify videos, classify clips, video clips, clip classification, gesture, gestures, kinetics, something something, sthv2, ucf101, hmdb51, moments in time',
  'task:skeleton-action-recognition': 'tracked body joints, joints over time, skeleton based action recognition, skeleton action, pose based action, ntu rgb d, ntu60, ntu120, stgcn, st gcn, graph convolution skeleton, body joint sequences',
  'task:action-detection': 'who is doing what, doing what, action detection, spatio temporal action detection, spatiotemporal action, ava, who is doing what, localize actions, actions in space and time, multisport',
  'task:temporal-action-localization': 'starts and ends, when something starts, long video, moments, temporal action localization, temporal localization, action proposals, when actions happen, untrimmed video, activitynet, start and end of actions, moments in long videos',
  'task:video-retrieval': 'video retrieval, text to video retrieval, search videos by text, msrvtt, video text matching',
  'task:video-interpolation': 'in between, smoother, slow playback, extra frames, video interpolation, frame interpolation, video frame interpolation, slow motion, increase frame rate, intermediate frames, in between frames, vimeo90k triplet',
  'task:video-super-resolution': 'video upscaling, enhance video, upscale footage, video enhancement, sharper video, video super resolution, upscale video, video upscaling, enhance video resolution, vsr, reds, vid4, basicvsr',

  // ---- vision: generation / restoration / editing ----
  'task:image-super-resolution': 'upsampling, upres, enhance resolution, increase detail, zoom in, hi res, high res, superres, resolution, enhance the resolution, resolution enhancement, more pixels, 2x, 4x, 8x, x4, x2, four times bigger, twice as big, sharper and bigger, hd, high definition, 4k, enlarge, magnify, pixelated, pixelation, blow up, bigger, small photos, low res, lowres, super resolution, superresolution, upscale, upscaling, upsample, enlarge images, increase resolution, higher resolution, high resolution from low resolution, sharpen low resolution, zoom enhance, sr, esrgan, div2k, set5, set14, urban100, psnr',
  'task:image-denoising': 'denoise images, clean images, grain removal, noise removal, remove grain, remove noise, reduce noise, noise reduction, denoised, iso noise, sensor noise, gaussian noise, grainy, noisy, noise, low light, speckle, denoising, denoise, denoiser, remove noise, noise removal, noisy images, grainy photos, grain, clean up noise, sidd',
  'task:deblurring': 'blur, blurriness, sharpen, sharpening, camera shake, motion, defocus, crisp, crispen, unsharp, out of focus, shaky, deblurring, deblur, remove blur, blurry, blurred, motion blur, camera shake, sharpen blurry, gopro',
  'task:deraining': 'storm, rainy, rain, water streaks, streaks, raindrops, deraining, derain, remove rain, rain streaks, rainy images, rain removal',
  'task:jpeg-artifact-removal': 'blocky, artefacts, artifacts, heavily compressed, jpeg compression artifact reduction, compression artifacts, jpeg artifacts, blocky, compressed images cleanup, quality enhancement, compressed video',
  'task:image-restoration': 'photo restoration, image repair, enhance images, image quality, fix images, clean up photos, restore, restoring, old photos, old photographs, damaged photos, photo repair, fix photos, improve photo quality, quality enhancement, retouch, image restoration, restore images, restoration, repair photos, enhance photos, photo enhancement, old photos, degraded images, low light enhancement, image enhancement, restormer, swinir, nafnet',
  'task:inpainting': 'object eraser, remove objects, content aware fill, fill missing, damaged, missing parts, fill in, patch up, remove unwanted objects, remove people from photos, watermark removal, holes, hole, erase, erasing, damaged, scratches, inpainting, inpaint, fill holes, fill in missing, missing regions, remove objects from photos, erase objects, image completion, hole filling, masked regions, object removal',
  'task:matting': 'background replacement, portrait segmentation, hair matting, foreground alpha, matte, mattes, compositing, composite, transparency, alpha channel, soft edges, foreground mask, backdrop, cut out, cutout, hair, matting, image matting, alpha matte, alpha matting, cut out foreground, foreground extraction, background removal, remove background, green screen, trimap, hair detail, composition 1k',
  'task:colorization': 'greyscale, grayscale, monochrome, colour, color, colorization, colorize, colourise, colorise, add color, black and white to color, grayscale to color, greyscale, old black and white photos',
  'task:image-generation':
    'generate faces, face generation, gan model, synthetic data generation, image synthesis model, style based generator, generate images, image generator, new images, make images, create images, draw, artificial images, class label, chosen class, conditional, random images, sample, synthesize, synthesise, don t exist, do not exist, never existed, realistic faces, image generation, generate images, generative, generative adversarial, gan, gans, synthesize images, synthetic images, image synthesis, fake faces, create pictures, stylegan, biggan, fid, inception score, unconditional, unconditional gans, conditional gans, conditional generation, class conditional, sample images, diffusion, denoising diffusion, ddpm, ddim, sngan, dcgan, wgan, internal learning, singan',
  'task:text-to-image': 'text guided generation, prompt based generation, generate art, diffusion art, create images from text, from text, text description to image, describe and generate, image from description, art generation, ai art, prompt, prompts, written prompt, text to image, text2image, generate images from text, images from prompts, from a prompt, prompt to image, stable diffusion, dreambooth, textual inversion, controlnet, imagen, glide, dall e, draw from description, text guided image',
  'task:text-to-video': 'animated clips, animated, text to video, text2video, generate video from text, video generation, animate, animation, controlnet animation',
  'task:image-to-image': 'translate images, image conversion, convert images, photo to photo, day to night, night to day, season transfer, sketch to image, edges to photo, label to photo, map to satellite, visual styles, two styles, without paired examples, unpaired, image to image, image2image, image translation, style transfer, domain translation, pix2pix, cyclegan, unpaired translation, paired translation, photo to painting, day to night, summer to winter, horse to zebra, edges to shoes, maps to aerial, aerial to maps, sketch to photo, facades, edit images, image editing, drag gan, draggan',
  'task:3d-generation': 'camera viewpoint, viewpoint, rotated consistently, 3d aware generation, 3d generation, generate 3d, nerf, eg3d, novel view, novel views, multi view',

  // ---- modalities ----
  'modality:image': 'image, images, photo, photos, photograph, picture, pictures, visual, vision, computer vision, camera, rgb, pixel',
  'modality:video': 'video, videos, clip, clips, frames, footage, movie, film, temporal, surveillance video, cctv, youtube',
  'modality:text': 'text, texts, document, documents, sentence, sentences, language, natural language, nlp, words, corpus, paragraph',
  'modality:audio': 'audio, speech, sound, voice, spoken, acoustic, music, waveform',
  'modality:point-cloud': 'laser scanner, sweeps, room scan, scan of a room, point cloud, point clouds, lidar, laser scanner, 3d points, voxels, depth sensor, rgb d',
  'modality:multimodal': 'multimodal, multi modal, vision language, vision and language, image and text, image text, visual language, vlm',

  // ---- application domains (incl. the dataset families that stand for them) ----
  'domain:legal': 'legal, law, laws, lawyer, lawyers, attorney, contract, contracts, agreement, agreements, clause, clauses, court, courts, case law, litigation, statute, regulation, regulatory, compliance documents, terms of service, terms and conditions, judicial, judgment, paralegal, nda, lease',
  'domain:medical': 'medical imaging, ophthalmology, eye disease, blood vessels, eye scans, retina scans, medical, medicine, clinical, health, healthcare, hospital, patient, patients, radiology, x ray, mri, ct scan, pathology, biomedical, diagnosis, retina, retinal, fundus, vessel, vessels, blood vessel, stare, chase db1, hrf, disease, tumor, lesion, organ, surgery',
  'domain:finance': 'finance, financial, bank, banking, stock, stocks, trading, earnings, invoice, accounting, credit, fraud, insurance',
  'domain:code': 'code, programming, software, developer, source code, github',
  'domain:science': 'scientific, science, papers, research articles, arxiv, pubmed, chemistry, biology, protein',
  'domain:driving':
    'autonomous vehicles, self driving cars, robotaxis, adas, driver assistance, laser scanner sweeps, autonomous cars, autonomous driving, self driving, driverless, driving scene, driving scenes, road, roads, street, streets, street scenes, urban scenes, city, cities, traffic, car, cars, vehicle, vehicles, pedestrian, pedestrians, dashcam, dashboard camera, lane, cityscapes, kitti, nuscenes, nuimages, waymo, lyft, mapillary, semantickitti, camvid, bdd, robotaxi',
  'domain:remote-sensing': 'geospatial, gis, satellite images, aerial survey, orthophoto, aerial photos, drone footage, drone images, satellite photos, orbital, top view, birds eye, overhead satellite, planes, airplanes, remote sensing, aerial, aerial imagery, aerial images, aerial photos, satellite, satellite imagery, overhead, drone, drones, uav, bird eye, earth observation, top down view from above, from above, dota, dotav1, isaid, potsdam, vaihingen, loveda, hrsc2016, ship, ships, harbor, land cover, land use',
  'domain:face': 'face landmarks, face keypoints, facial keypoints, face images, faces, facial images, human face, eye, eyes, nose, mouth, face, faces, facial, portrait, portraits, selfie, selfies, headshot, celebrity, celeba, celebahq, ffhq, wflw, 300w, aflw, cofw, face landmarks, facial landmarks, face alignment, face keypoints, human faces',
  'domain:hand': 'finger joint, hand, hands, finger, fingers, gesture, hand pose, onehand10k, freihand, rhd, interhand, palm',
  'domain:human-body': 'human, humans, person, people, persons, body, bodies, pedestrian, crowd, crowds, athlete, human pose, full body, whole body, wholebody, mpii, crowdpose, posetrack, human3 6m, jhmdb, aic, ai challenger, halpe, body8, human art, exlpose, coco wholebody, crowdhuman',
  'domain:animal': 'creatures, wild creatures, animal, animals, wildlife, pets, pet, dog, dogs, cat, cats, horse, zebra, zebras, lion, lions, elephant, elephants, birds, bird, fish, locust, insects, ap 10k, animal pose, animalkingdom, animal kingdom, macaque, fly, afhq, zoo, livestock',
  'domain:fashion': 'clothing shop, fashion, clothes, clothing, garment, garments, apparel, outfit, outfits, dress, shirt, deepfashion, deepfashion2, landmarks on clothes, retail products',
  'domain:documents': 'scanned receipts, receipts, paper forms, printed words, printed, document, documents, scanned, scans, scanned documents, paper documents, pdf, pdfs, receipts, invoices, forms, printed text, handwriting, handwritten, signs, signboard, storefront, street signs, scene text, icdar, icdar2015, icdar2013, totaltext, ctw1500, iiit5k, svt, svtp, ct80, wildreceipt, sroie, funsd',
  'domain:indoor': 'furniture, indoor scans, indoor scenes, rooms, interior, indoor, indoors, room, rooms, inside buildings, furniture, household, home, homes, scannet, sun rgb d, sunrgbd, s3dis, nyu, office, apartment, bedroom, lsun bedroom',
  'domain:common-objects': 'everyday things, everyday, common things, common objects, everyday objects, everyday scenes, everyday photos, natural images, household objects, coco, ms coco, lvis, objects365, open images, pascal voc, voc, pascal, thousands of categories, long tail, long tailed, rare categories, large vocabulary',
  'domain:scenes': 'scene, scenes, landscape, landscapes, places, places365, ade20k, ade, outdoor, outdoors, nature, coco stuff, pascal context, buildings, sky',
  'domain:sports': 'sports, sport, gym, gymnastics, finegym, athletes, football, soccer, basketball, multisports, exercise, fitness, dance, dancing',
  'domain:art': 'art, artwork, artworks, painting, paintings, artistic, anime, cartoon, illustration, sketch, metfaces, style',
  'domain:security': 'surveillance footage, security footage, cctv footage, monitoring cameras, surveillance, security camera, cctv, monitoring, crowd counting, re identification, reid',
  'domain:agriculture': 'agriculture, farming, crops, plants, plant disease, leaves, fruit, weeds',

  // ---- architecture traits and training regimes ----
  'arch:transformer': 'transformer based, vision transformers, self-attention, purely from attention, attention rather than convolutions, transformer, transformers, attention, self attention, vision transformer, vit, swin, deit, beit, detr, mask2former, segformer, attention based, attention only, convnext, pvt, twins, poolformer, mvit, timesformer, uniformer, videomae',
  'arch:cnn': 'convolutional, convolution, cnn, convnet, conv, resnet, resnext, vgg, densenet, inception, efficientnet, regnet, hrnet, res2net, resnest, mobilenet, shufflenet, darknet, cspdarknet, cspnext',
  'arch:lightweight': 'efficient model, fast model, runs on cpu, low latency inference, mobile friendly, edge ai, low compute, few flops, very few parameters, tiny model, small model, lite, mobile devices, microcontroller, iot, lightweight, light weight, efficient, small, tiny, mobile, mobile phone, phones, smartphone, edge, edge device, embedded, on device, fast, real time, realtime, low latency, low power, compact, cheap, few parameters, small footprint, mobilenet, shufflenet, ghostnet, mobilevit, mobileone, efficientnet, rtmdet, rtmpose, tinyvit, levit, squeezenet, nano, raspberry pi, cpu friendly, fast inference, MobileNet, MobileNetV2, MobileNetV3, mobilenetv, ShuffleNet, shufflenetv, MobileOne, MobileViT, EfficientFormer, efficientformer, EdgeNeXt, edgenext, MNASNet, mnasnet, FBNet, fbnet, MixNet, mixnet, RexNet, rexnet, TinyViT, LeViT, GhostNet, ghostnet, BiSeNet, bisenetv, CGNet, cgnet, DDRNet, ddrnet, ERFNet, erfnet, FastSCNN, fast scnn, ICNet, icnet, LRASPP, lraspp, PIDNet, pidnet, STDC, stdc, RTMDet, YOLOX, yolox, YOLOv3, yolov, YOLOF, yolof, SSDLite, ssdlite, YOLACT, yolact',
  'arch:large': 'large, huge, giant, big, heavyweight, high capacity, billion parameters, state of the art accuracy, most accurate, highest accuracy, xl, xxl',
  'arch:gan': 'gan, gans, adversarial, generator, discriminator, stylegan, biggan, cyclegan, pix2pix, esrgan, srgan',
  'arch:diffusion': 'diffusion, diffusion model, denoising diffusion, latent diffusion, stable diffusion, ddpm, ddim, score based',
  'arch:mlp': 'mlp, mlp mixer, all mlp, multilayer perceptron, resmlp, gmlp',
  'train:self-supervised': 'hiding patches, masked patches, reconstructing, pretext, self supervised, unsupervised pretraining, contrastive, masked autoencoder, mae, moco, simclr, byol, swav, barlow twins, simsiam, densecl, beit, eva, mixmim, pretrain without labels, without labels, no labels',
  'train:semi-supervised': 'semi supervised, semi-supervised, few labels, partially labeled, pseudo label, pseudo labels, soft teacher',
  'train:distillation': 'distillation, distilled, distill, knowledge distillation, teacher student, student model, teacher',
  'train:quantization': 'quantized, quantization, int8, int4, 4 bit, 8 bit, gguf, gptq, awq, low precision',
};

/** Parent concepts (weight 0.5 of the child): lets "hand pose" also match keypoint models in general. */
export const PARENTS: Record<string, string[]> = {
  'task:semantic-segmentation': ['task:image-segmentation'],
  'task:instance-segmentation': ['task:image-segmentation', 'task:object-detection'],
  'task:panoptic-segmentation': ['task:image-segmentation', 'task:instance-segmentation'],
  'task:oriented-object-detection': ['task:object-detection', 'domain:remote-sensing'],
  'task:multi-object-tracking': ['task:object-detection', 'modality:video'],
  'task:video-instance-segmentation': ['task:instance-segmentation', 'modality:video'],
  'task:3d-object-detection': ['task:object-detection', 'modality:point-cloud'],
  'task:monocular-3d': ['task:3d-object-detection'],
  'task:conditional-generation': ['task:image-generation'],
  'task:3d-segmentation': ['task:semantic-segmentation', 'modality:point-cloud'],
  'task:skeleton-action-recognition': ['task:action-recognition', 'task:keypoint-detection'],
  'task:action-detection': ['task:action-recognition', 'modality:video'],
  'task:temporal-action-localization': ['task:action-recognition', 'modality:video'],
  'task:action-recognition': ['modality:video', 'task:video-classification'],
  'task:video-retrieval': ['modality:video', 'task:cross-modal-retrieval'],
  'task:video-interpolation': ['modality:video', 'task:image-restoration'],
  'task:video-super-resolution': ['task:image-super-resolution', 'modality:video'],
  'task:image-super-resolution': ['task:image-restoration', 'task:image-to-image'],
  'task:image-restoration': ['task:image-to-image'],
  'task:image-denoising': ['task:image-restoration'],
  'task:deblurring': ['task:image-restoration'],
  'task:deraining': ['task:image-restoration'],
  'task:jpeg-artifact-removal': ['task:image-restoration'],
  'task:inpainting': ['task:image-restoration', 'task:image-to-image'],
  'task:colorization': ['task:image-to-image'],
  'task:text-to-image': ['task:image-generation', 'modality:multimodal'],
  'task:text-to-video': ['task:image-generation', 'modality:video'],
  'task:3d-generation': ['task:image-generation'],
  'task:multi-label-classification': ['task:image-classification'],
  'task:fine-grained': ['task:image-classification'],
  'task:text-detection': ['domain:documents', 'task:object-detection'],
  'task:text-recognition': ['domain:documents'],
  'task:key-information-extraction': ['domain:documents', 'task:text-recognition'],
  'task:image-to-text': ['modality:multimodal'],
  'task:visual-question-answering': ['modality:multimodal'],
  'task:visual-grounding': ['modality:multimodal', 'task:object-detection'],
  'task:cross-modal-retrieval': ['modality:multimodal', 'task:image-retrieval'],
  'task:zero-shot-image-classification': ['modality:multimodal', 'task:image-classification'],
  'task:summarization': ['modality:text'],
  'task:translation': ['modality:text'],
  'task:text-generation': ['modality:text'],
  'task:question-answering': ['modality:text'],
  'task:text-classification': ['modality:text'],
  'task:token-classification': ['modality:text'],
  'task:automatic-speech-recognition': ['modality:audio'],
  'task:text-to-speech': ['modality:audio'],
  'task:audio-classification': ['modality:audio'],
  'domain:hand': ['domain:human-body'],
  'domain:face': ['domain:human-body'],
  'train:self-supervised': ['task:image-feature-extraction'],
};

/** Nouns naming a task strongly enough to become a task filter in natural-language queries. */
export const TASK_NOUNS: Record<string, string> = {
  detector: 'object-detection',
  detectors: 'object-detection',
  segmenter: 'semantic-segmentation',
  segmenters: 'semantic-segmentation',
  summarizer: 'summarization',
  summarizers: 'summarization',
  summariser: 'summarization',
  summarisers: 'summarization',
  translator: 'translation',
  translators: 'translation',
  classifier: 'image-classification',
  classifiers: 'image-classification',
  'pose estimator': 'keypoint-detection',
  'pose estimators': 'keypoint-detection',
  trackers: 'multi-object-tracking',
  tracker: 'multi-object-tracking',
};
